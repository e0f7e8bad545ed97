package org.binlogload.connector.sync;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.connector.job.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A job's counters: rows, rounds, errors, rows per second over 10-second windows, and the {@link Lag}. */
final class JobStats {
  private static final Logger LOG = LoggerFactory.getLogger(JobStats.class);
  private static final long WINDOW_MILLIS = 10_000;

  private final String job;
  private final Clock clock;
  private final Lag lag = new Lag();
  private final AtomicLong totalRows = new AtomicLong();
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile long lastRoundMillis;
  private volatile long lastDdlPauseMillis = -1;
  private volatile double rowsPerSecond;
  private volatile long windowStart;
  private volatile long windowRows;

  JobStats(String job, Clock clock) {
    this.job = job;
    this.clock = clock;
  }

  /** A run starts: the rate window opens now. */
  void runStarted() {
    windowStart = clock.millis();
  }

  /** Notes a batch read from the source ({@code committed}: the committed position, or null). */
  void read(List<ChangeEvent> events, BinlogPosition committed) {
    lag.read(events, committed, clock.millis());
  }

  /** Everything through {@code end} is committed (a round, or a DDL passed). */
  void committedThrough(BinlogPosition end) {
    lag.committed(end);
  }

  /** A round through {@code end} committed {@code rows}, begun at {@code startMillis}. */
  void roundCommitted(BinlogPosition end, long rows, long startMillis) {
    lag.committed(end);
    rounds.incrementAndGet();
    totalRows.addAndGet(rows);
    long now = clock.millis();
    lastRoundMillis = now;
    windowRows += rows;
    LOG.debug("job {}: round to {} committed {} rows in {} ms", job, end, rows, now - startMillis);
    if (now - windowStart >= WINDOW_MILLIS) {
      rowsPerSecond = windowRows * 1000.0 / (now - windowStart);
      long behind = end.timestampMillis() > 0 ? Math.max(0, now - end.timestampMillis()) : -1;
      LOG.info("job {}: {} rows/s over {} s, lag {} ms, position {}, {} rows total", job,
          String.format("%.0f", rowsPerSecond), (now - windowStart) / 1000, behind, end, totalRows.get());
      windowStart = now;
      windowRows = 0;
    }
  }

  /** A DDL passed the barrier, holding rows back for {@code millis}. */
  void ddlPassed(long millis) {
    lastDdlPauseMillis = millis;
  }

  /** A run failed. */
  void error() {
    errors.incrementAndGet();
  }

  /** Rounds committed so far. */
  long rounds() {
    return rounds.get();
  }

  /** Fills the counters of a status. */
  SyncStatus.Builder fill(SyncStatus.Builder b) {
    return b.delayMillis(lag.millis(clock.millis())).executeTimeMillis(lastRoundMillis).rowsPerSecond(rate())
        .totalRows(totalRows.get()).commitRounds(rounds.get()).errors(errors.get())
        .lastDdlPauseMillis(lastDdlPauseMillis);
  }

  /**
   * Rows per second over the last full window; once no window has closed for a while (no commits), the rate of the
   * open window, so that it decays to 0 while the job is idle rather than keeping the last burst's.
   */
  private double rate() {
    long open = clock.millis() - windowStart;
    return open < 2 * WINDOW_MILLIS ? rowsPerSecond : windowRows * 1000.0 / open;
  }
}
