package org.binlogload.canal;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before trying again: capped exponential backoff, the one rule of the retry loops (the reader's
 * reconnect, a sync job's retry of a transient failure, the Doris client's retries, which add jitter). After the
 * {@code n}-th failure in a row the pause is {@code first * 2^(n-1)}, at most {@code max}; a zero {@code first} never
 * waits.
 */
public record Backoff(Duration first, Duration max) {
  /** Checks that neither duration is negative. */
  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff " + first + " up to " + max + " is negative");
    }
  }

  /** The pause in milliseconds after {@code failures} failures in a row (1 or more; less counts as 1). */
  public long delayMillis(int failures) {
    long start = first.toMillis();
    long cap = max.toMillis();
    int shift = Math.min(Math.max(failures - 1, 0), 62);
    if (start > cap >> shift) {
      return cap;
    }
    return start << shift;
  }

  /** {@link #delayMillis} as a duration. */
  public Duration delay(int failures) {
    return Duration.ofMillis(delayMillis(failures));
  }
}
