package org.binlogload.connector.sync;

/**
 * A job's retries of transient faults: backoff doubling from the first wait to 30 s, counted afresh once a round
 * commits; and the count of one deterministic reader failure repeating with no progress (it pauses the job).
 */
final class Retries {
  static final long MAX_BACKOFF_MILLIS = 30_000;
  /** How often the same deterministic reader failure may repeat with no progress before the job pauses. */
  static final int STUCK_LIMIT = 5;

  private final org.binlogload.canal.Backoff backoff;
  private int attempt;
  private long roundsAtLastError = -1;
  private String repeated; // the last deterministic reader failure, and how often it came in a row
  private int repeats;

  Retries(long firstBackoffMillis) {
    this.backoff = new org.binlogload.canal.Backoff(java.time.Duration.ofMillis(firstBackoffMillis),
        java.time.Duration.ofMillis(MAX_BACKOFF_MILLIS));
  }

  /** Notes a failure when {@code rounds} rounds are committed; progress since the last one counts retries afresh. */
  void failed(long rounds) {
    if (rounds > roundsAtLastError) {
      attempt = 0;
      repeated = null;
    }
    roundsAtLastError = rounds;
  }

  /** Counts a deterministic failure {@code why}; returns how often it came in a row (0 for other failures). */
  int repeat(boolean deterministic, String why) {
    if (!deterministic) {
      repeated = null;
      return 0;
    }
    repeats = why.equals(repeated) ? repeats + 1 : 1;
    repeated = why;
    return repeats;
  }

  /** Starts the next attempt; returns how long to wait before it. */
  long nextWaitMillis() {
    attempt++;
    return backoff.delayMillis(attempt);
  }

  /** The attempt under way. */
  int attempt() {
    return attempt;
  }

  /** A wait as people read it. */
  static String describeWait(long millis) {
    return millis < 1000 ? millis + " ms" : (millis + 999) / 1000 + " s";
  }
}
