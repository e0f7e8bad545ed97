package org.binlogload.connector.sink.doris;

import static org.assertj.core.api.Assertions.assertThat;

import org.binlogload.canal.BinlogPosition;
import org.junit.jupiter.api.Test;

/** The Doris sink's Stream Load labels. */
class LabelsTest {
  @Test
  void labelsAreDeterministicAndValidForDoris() {
    String l = Labels.of("7_job", "db", "a table with spaces and ünïcode",
        BinlogPosition.row("mysql-bin.000001", 4, 3));
    assertThat(l).isEqualTo(Labels.of("7_job", "db", "a table with spaces and ünïcode",
        BinlogPosition.row("mysql-bin.000001", 4, 3)));
    assertThat(l).matches("^[-_A-Za-z0-9:]{1,128}$");
    assertThat(Labels.of("7_job", "db", "t", BinlogPosition.row("mysql-bin.000001", 4, 3)))
        .isNotEqualTo(Labels.of("7_job", "db", "t", BinlogPosition.row("mysql-bin.000001", 4, 4)));
  }
}
