package org.binlogload.canal;

/**
 * The server settings a binlog reader needs, checked in one place: {@code log_bin} ON, {@code binlog_format} ROW,
 * {@code binlog_row_image} FULL (where the server has the variable) and a binary log that exists, and the grant that
 * lets a user read it. The reader checks them when it starts; a caller that checks a source beforehand (a job being
 * created) passes the values it read itself. Each problem is a fatal {@link BinlogException} whose message names the
 * variable, its value, the server and the fix, worded for where the operator makes it ({@link Fix}).
 */
public final class BinlogSettings {
  /** The privileges that let a user read the binlog, up to the user: {@code GRANT ... TO}. */
  public static final String GRANT = "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO";

  /** Where a message tells the operator to change a setting. */
  public enum Fix {
    /** In the server's option file, my.cnf: a source an operator configures in place. */
    MY_CNF(new Wording("enable the binary log (log_bin=mysql-bin and a server_id in my.cnf) and restart MySQL",
        "binlog_format=ROW in my.cnf", "in my.cnf", "enable the binary log (log_bin=mysql-bin in my.cnf) and restart "
        + "MySQL")),
    /** In the server's start options. */
    SERVER_OPTIONS(new Wording("start the server with --log-bin (and --binlog-format=ROW --binlog-row-image=FULL)",
        "--binlog-format=ROW in the server config", "--binlog-row-image=FULL", "start the server with --log-bin"));

    private final Wording says;

    Fix(Wording says) {
      this.says = says;
    }
  }

  /** The end of each fix: turning the binlog on, setting the format, setting the row image, a binlog that is absent. */
  private record Wording(String logBin, String format, String rowImage, String noBinlog) {}

  private BinlogSettings() {
  }

  /**
   * Checks the values of {@code log_bin} (ON or 1), {@code binlog_format} (ROW) and {@code binlog_row_image} (FULL;
   * null when the server has no such variable) of the server {@code where}.
   *
   * @throws BinlogException BINLOG_DISABLED or BINLOG_FORMAT, fatal, naming the first setting that is off
   */
  public static void check(String logBin, String binlogFormat, String binlogRowImage, String where, Fix fix) {
    if (!"1".equals(logBin) && !"ON".equalsIgnoreCase(logBin)) {
      String shown = logBin == null || "0".equals(logBin) ? "OFF" : logBin;
      throw new BinlogException(BinlogException.Reason.BINLOG_DISABLED, true, "log_bin is " + shown + " on " + where
          + "; " + fix.says.logBin());
    }
    if (!"ROW".equalsIgnoreCase(binlogFormat)) {
      throw new BinlogException(BinlogException.Reason.BINLOG_FORMAT, true, "binlog_format is " + binlogFormat
          + " on " + where + "; set binlog_format=ROW (SET GLOBAL binlog_format=ROW and " + fix.says.format()
          + ")");
    }
    if (binlogRowImage != null && !"FULL".equalsIgnoreCase(binlogRowImage)) {
      throw new BinlogException(BinlogException.Reason.BINLOG_FORMAT, true, "binlog_row_image is " + binlogRowImage
          + " on " + where + "; set binlog_row_image=FULL (SET GLOBAL binlog_row_image=FULL and " + fix.says.rowImage()
          + ")");
    }
  }

  /**
   * The problem of a server whose {@code statement} (SHOW MASTER STATUS, SHOW BINARY LOGS) answers no binary log:
   * BINLOG_DISABLED, fatal.
   */
  public static BinlogException noBinlog(String statement, String where, Fix fix) {
    return new BinlogException(BinlogException.Reason.BINLOG_DISABLED, true, statement + " is empty on " + where
        + "; " + fix.says.noBinlog());
  }
}
