package org.binlogload.connector.job;

/**
 * Where a job's initial snapshot is: tables done of total, rows copied of estimated, the copy rate and the time
 * left at that rate ({@code etaSeconds} -1 when unknown).
 *
 * @param tablesDone tables completely copied
 * @param tablesTotal tables to copy
 * @param rowsCopied rows loaded so far (all runs)
 * @param rowsEstimated the source's row estimate of the tables to copy
 * @param rowsPerSecond rows loaded per second since this run of the snapshot began
 * @param etaSeconds seconds left at that rate, or -1
 */
public record SnapshotStatus(int tablesDone, int tablesTotal, long rowsCopied, long rowsEstimated,
    double rowsPerSecond, long etaSeconds) {
  /** {@code tables:2/5, rows:120000/400000, rate:25000 rows/s, eta:12s}: the Status column's text. */
  public String describe() {
    return "tables:" + tablesDone + "/" + tablesTotal + ", rows:" + rowsCopied + "/" + rowsEstimated + ", rate:"
        + Math.round(rowsPerSecond) + " rows/s, eta:" + (etaSeconds < 0 ? "unknown" : etaSeconds + "s");
  }
}
