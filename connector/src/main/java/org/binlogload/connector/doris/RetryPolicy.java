package org.binlogload.connector.doris;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.binlogload.canal.Backoff;

/**
 * How often and how patiently the client retries a retryable Doris error: the project's {@link Backoff} (capped
 * exponential), with jitter so that clients failing together do not retry together.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Backoff backoff;

  private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff < 0");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff < initialBackoff");
    }
    this.maxAttempts = maxAttempts;
    this.backoff = new Backoff(initialBackoff, maxBackoff);
  }

  /** A policy making at most {@code maxAttempts} attempts, backing off from {@code initialBackoff} up to {@code maxBackoff}. */
  public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  /** The default: 5 attempts, 200 ms doubling up to 10 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  /** A policy that never retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Total attempts including the first. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The pause before attempt {@code attempt + 1} after {@code attempt} failed (1-based): full jitter over the capped exponential. */
  public Duration backoff(int attempt) {
    long bound = backoff.delayMillis(attempt);
    if (bound == 0) {
      return Duration.ZERO;
    }
    // half fixed, half random: never zero, never above the cap
    long half = bound / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(bound - half + 1));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + backoff.first() + ", maxBackoff="
        + backoff.max() + "}";
  }
}
