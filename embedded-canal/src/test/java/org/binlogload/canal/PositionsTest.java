package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionsTest {
  @Test
  void positionsOrderByFileSequenceThenOffsetThenRow() {
    List<BinlogPosition> sorted = List.of(
        BinlogPosition.of("mysql-bin.000009", 900),
        BinlogPosition.of("mysql-bin.000010", 4),
        BinlogPosition.of("mysql-bin.000010", 120),
        BinlogPosition.of("mysql-bin.000010", 120).withRowIndex(0),
        BinlogPosition.of("mysql-bin.000010", 120).withRowIndex(7),
        BinlogPosition.of("mysql-bin.000010", 500));
    List<BinlogPosition> shuffled = new ArrayList<>(sorted);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertThat(shuffled).isEqualTo(sorted);
    assertThat(BinlogPosition.of("mysql-bin.1000000", 4)).isGreaterThan(BinlogPosition.of("mysql-bin.999999", 9));
    assertThat(BinlogPosition.of("b.000001", 4)).isGreaterThan(BinlogPosition.of("a.000001", 9));
    assertThat(BinlogPosition.of("a.000001", 4).isAfter(null)).isTrue();
  }

  @Test
  void sequenceGrowsAlongTheBinlogAndAnEventStartsBelowItsFirstRow() {
    BinlogPosition a = BinlogPosition.of("mysql-bin.000009", 900);
    BinlogPosition plain = BinlogPosition.of("mysql-bin.000010", 4);
    BinlogPosition b = BinlogPosition.row("mysql-bin.000010", 4, 0);
    BinlogPosition c = BinlogPosition.row("mysql-bin.000010", 4, 1);
    BinlogPosition d = BinlogPosition.of("mysql-bin.000010", 5);
    assertThat(List.of(a.sequence(), plain.sequence(), b.sequence(), c.sequence(), d.sequence())).isSorted()
        .doesNotHaveDuplicates();
    assertThat(plain).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(c).isLessThan(d);
    assertThat(plain.sequence()).isEqualTo((10L << 44) | (4L << 12));
    assertThatThrownBy(() -> BinlogPosition.of("mysql-bin.999999", 4).sequence())
        .hasMessageContaining("exceeds 524287");
  }

  @Test
  void positionsPrintAndParseBackIgnoringGtidAndTime() {
    BinlogPosition p = BinlogPosition.of("mysql-bin.000003", 1234).withRowIndex(5).withGtidSet("0-1-9,1-1-2")
        .withTimestamp(1_700_000_000_000L).withServerId(1);
    assertThat(p).hasToString("mysql-bin.000003:1234#5");
    assertThat(BinlogPosition.parse("mysql-bin.000003:1234#5")).isEqualTo(p);
    assertThat(BinlogPosition.parse("mysql-bin.000003:1234")).hasToString("mysql-bin.000003:1234");
    assertThat(BinlogPosition.parse("mysql-bin.000003:1234").rowIndex()).isEqualTo(-1);
    assertThat(p.gtidSet()).isEqualTo("0-1-9,1-1-2");
    assertThatThrownBy(() -> BinlogPosition.parse("nonsense")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("position 'nonsense' is not file:offset[#row]");
    assertThatThrownBy(() -> BinlogPosition.of("f.1", -1)).hasMessage("offset < 0: -1");
  }

  @Test
  void startPositionsParse() {
    assertThat(StartPosition.parse("latest")).isEqualTo(StartPosition.latest());
    assertThat(StartPosition.parse("EARLIEST")).isEqualTo(StartPosition.earliest());
    assertThat(StartPosition.parse("mysql-bin.000002:4")).isEqualTo(StartPosition.at("mysql-bin.000002", 4));
    assertThat(StartPosition.parse("0-1-106,1-1-1")).isEqualTo(StartPosition.gtid("0-1-106,1-1-1"));
    assertThat(StartPosition.parse("gtid:")).isEqualTo(StartPosition.gtid(""));
    assertThat(StartPosition.parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5").kind())
        .isEqualTo(StartPosition.Kind.GTID);
    assertThatThrownBy(() -> StartPosition.parse("tomorrow")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latest, earliest, <file>:<pos>");
    assertThatThrownBy(() -> StartPosition.at("mysql-bin.000001", 3)).hasMessage("offset < 4: 3");
  }

  @Test
  void builderRejectsBadSettingsWithMessagesThatReadLikeCode(@TempDir Path dir) {
    EmbeddedCanal.Builder ok = EmbeddedCanal.builder().name("n").host("h").user("u").password("p").serverId(5)
        .dataDir(dir);
    assertThat(ok.build()).hasToString("EmbeddedCanal[n, u@h:3306]");
    assertThatThrownBy(() -> EmbeddedCanal.builder().name("a b").build()).hasMessage("name is not [A-Za-z0-9_-]+: a b");
    assertThatThrownBy(() -> ok.ringEntries(1000).build())
        .hasMessage("ringEntries is not a positive power of two: 1000");
    assertThatThrownBy(() -> ok.include("nodot")).hasMessage("include is not schema.table or schema.*: nodot");
    assertThatThrownBy(() -> EmbeddedCanal.builder().name("n").host("h").user("u").password("p").dataDir(dir).build())
        .hasMessage("serverId not in 1..4294967295: -1");
  }

  @Test
  void directoryStoreReplacesValuesWholeAndKeepsKeysInside(@TempDir Path dir) throws Exception {
    DurableStore store = DurableStore.directory(dir);
    assertThat(store.get("a.cursor")).isEmpty();
    store.put("a.cursor", "one".getBytes(StandardCharsets.UTF_8));
    store.put("a.cursor", "two".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(store.get("a.cursor").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("two");
    store.put("../escape/x", new byte[] {1});
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).hasSize(2).noneMatch(n -> n.endsWith(".tmp"));
    }
    assertThat(Files.exists(dir.getParent().resolve("escape"))).isFalse();
    assertThat(store.get("../escape/x").orElseThrow()).containsExactly(1);
  }
}
