package org.binlogload.connector.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A saved job's properties read into the policy CREATE SYNC JOB made of them, with the same rules and messages. */
class CommitPolicyTest {
  static JobDefinition create(String properties) {
    return SyncStatementsTest.parseCreate(SyncStatementsTest.withBinlog(SyncStatementsTest.BASE) + " PROPERTIES ("
        + properties + ")");
  }

  @Test
  void savedPropertiesReadAsTheStatementMadeThem() {
    JobDefinition d = create("\"sync_commit_interval_second\" = \" 3 \", \"min_sync_commit_size\" = \"20000\", "
        + "\"ring_entries\" = \"32768\", \"ring_bytes\" = \"33554432\", \"min_bytes_sync_commit\" = \"1000\", "
        + "\"max_bytes_sync_commit\" = \"2000\", \"buckets\" = \"4\"");
    assertThat(CommitPolicy.fromProperties(d.properties())).isEqualTo(d.commitPolicy());
    assertThat(d.commitPolicy().intervalSeconds()).isEqualTo(3);
    assertThat(CommitPolicy.fromProperties(Map.of("buckets", "4"))).isEqualTo(CommitPolicy.defaults());
  }

  @Test
  void aValueIsRefusedWithTheStatementsMessage() {
    for (String bad : new String[] {"0", "x1", "-5", "+5", "1234567890123456789", ""}) {
      String fromStatement = catchMessage(() -> create("\"min_sync_commit_size\" = \"" + bad + "\""));
      String fromSaved = catchMessage(() -> CommitPolicy.fromProperties(Map.of("min_sync_commit_size", bad)));
      assertThat(fromStatement).as(bad).endsWith(fromSaved);
    }
    assertThatThrownBy(() -> CommitPolicy.fromProperties(Map.of("ring_entries", "2147483648")))
        .hasMessage("ring_entries 2147483648 > 1073741824");
    assertThatThrownBy(() -> create("\"ring_entries\" = \"2147483648\"")).hasMessageContaining(
        "ring_entries 2147483648 > 1073741824");
    assertThatThrownBy(() -> CommitPolicy.builder().property("buckets", "4"))
        .hasMessageStartingWith("buckets is not one of ");
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }
}
