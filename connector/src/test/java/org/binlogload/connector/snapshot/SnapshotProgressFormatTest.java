package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored snapshot progress: its JSON form, byte for byte, and what a resume and a restart make of it. */
class SnapshotProgressFormatTest {
  private static final String STORED = "{\"formatVersion\":1,\"earliest\":\"mysql-bin.000003:1234\",\"generation\":1,"
      + "\"tables\":{\"shop.orders\":{\"chunksDone\":12,\"lastKey\":[\"96863\"],\"rowsCopied\":96863,"
      + "\"estimatedRows\":250000,\"done\":false},\"shop.tags\":{\"chunksDone\":1,\"rowsCopied\":40,"
      + "\"estimatedRows\":40,\"done\":true}}}";

  @Test
  void readsAndWritesTheStoredFormByteForByte() {
    SnapshotProgress p = SnapshotProgress.fromBytes(STORED.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(p.toBytes(), StandardCharsets.UTF_8)).isEqualTo(STORED);
    assertThat(p.earliestWatermark()).isEqualTo(new Watermark("mysql-bin.000003", 1234, null));
    assertThat(p.table("shop.orders").lastKey()).containsExactly("96863");
    assertThat(p.allDone(List.of("shop.tags"))).isTrue();
    assertThat(p.allDone(List.of("shop.tags", "shop.orders"))).isFalse();
  }

  @Test
  void aResumeRaisesTheGenerationAndARestartForgetsOneTable() {
    SnapshotProgress p = SnapshotProgress.fromBytes(STORED.getBytes(StandardCharsets.UTF_8));
    assertThat(p.nextGeneration().generation()).isEqualTo(2);
    SnapshotProgress.TableProgress restarted = p.restart("shop.orders").table("shop.orders");
    assertThat(restarted).isEqualTo(SnapshotProgress.TableProgress.start(250000));
    assertThat(p.restart("shop.orders").table("shop.tags").done()).isTrue();
  }

  @Test
  void refusesAnotherFormatVersion() {
    byte[] v2 = STORED.replace("\"formatVersion\":1", "\"formatVersion\":2").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SnapshotProgress.fromBytes(v2)).hasMessageContaining("format version 2");
    assertThatThrownBy(() -> SnapshotProgress.fromBytes("{".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not readable");
  }
}
