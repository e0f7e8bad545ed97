package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.binlogload.canal.BinlogException.Reason;
import org.binlogload.canal.BinlogSettings.Fix;
import org.junit.jupiter.api.Test;

/** The one check of the binlog settings, in both wordings of the fix. */
class BinlogSettingsTest {
  @Test
  void aServerWithTheBinlogOnAsRowsAndFullImagesPasses() {
    BinlogSettings.check("1", "ROW", "FULL", "h:1", Fix.SERVER_OPTIONS);
    BinlogSettings.check("ON", "row", null, "h:1", Fix.MY_CNF);
  }

  @Test
  void theBinlogOffIsNamedWithTheFixOnTheServersCommandLineOrInMyCnf() {
    assertThatThrownBy(() -> BinlogSettings.check("0", "ROW", "FULL", "h:1", Fix.SERVER_OPTIONS))
        .isInstanceOfSatisfying(BinlogException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.BINLOG_DISABLED);
          assertThat(e.fatal()).isTrue();
        })
        .hasMessage("log_bin is OFF on h:1; start the server with --log-bin (and --binlog-format=ROW "
            + "--binlog-row-image=FULL)");
    assertThatThrownBy(() -> BinlogSettings.check("OFF", "ROW", "FULL", "u@h:1", Fix.MY_CNF))
        .hasMessage("log_bin is OFF on u@h:1; enable the binary log (log_bin=mysql-bin and a server_id in my.cnf) "
            + "and restart MySQL");
    assertThat(BinlogSettings.noBinlog("SHOW MASTER STATUS", "h:1", Fix.SERVER_OPTIONS))
        .hasMessage("SHOW MASTER STATUS is empty on h:1; start the server with --log-bin")
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.BINLOG_DISABLED));
    assertThat(BinlogSettings.noBinlog("SHOW MASTER STATUS", "u@h:1", Fix.MY_CNF))
        .hasMessage("SHOW MASTER STATUS is empty on u@h:1; enable the binary log (log_bin=mysql-bin in my.cnf) and "
            + "restart MySQL");
  }

  @Test
  void aFormatOtherThanRowOrAnImageOtherThanFullIsNamedWithItsFix() {
    assertThatThrownBy(() -> BinlogSettings.check("1", "MIXED", "FULL", "h:1", Fix.SERVER_OPTIONS))
        .isInstanceOfSatisfying(BinlogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BINLOG_FORMAT))
        .hasMessage("binlog_format is MIXED on h:1; set binlog_format=ROW (SET GLOBAL binlog_format=ROW and "
            + "--binlog-format=ROW in the server config)");
    assertThatThrownBy(() -> BinlogSettings.check("1", "ROW", "MINIMAL", "h:1", Fix.SERVER_OPTIONS))
        .isInstanceOfSatisfying(BinlogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BINLOG_FORMAT))
        .hasMessage("binlog_row_image is MINIMAL on h:1; set binlog_row_image=FULL (SET GLOBAL "
            + "binlog_row_image=FULL and --binlog-row-image=FULL)");
    assertThatThrownBy(() -> BinlogSettings.check("ON", "STATEMENT", "FULL", "u@h:1", Fix.MY_CNF))
        .hasMessage("binlog_format is STATEMENT on u@h:1; set binlog_format=ROW (SET GLOBAL binlog_format=ROW and "
            + "binlog_format=ROW in my.cnf)");
    assertThatThrownBy(() -> BinlogSettings.check("ON", "ROW", "NOBLOB", "u@h:1", Fix.MY_CNF))
        .hasMessage("binlog_row_image is NOBLOB on u@h:1; set binlog_row_image=FULL (SET GLOBAL "
            + "binlog_row_image=FULL and in my.cnf)");
  }
}
