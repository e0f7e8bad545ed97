package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static long[] delays(Backoff b, int n) {
    return IntStream.rangeClosed(1, n).mapToLong(b::delayMillis).toArray();
  }

  @Test
  void doublesFromTheFirstPauseUpToTheCap() {
    Backoff job = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    assertThat(delays(job, 9)).containsExactly(500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000);
    Backoff reconnect = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(9));
    assertThat(delays(reconnect, 6)).containsExactly(1000, 2000, 4000, 8000, 9000, 9000);
    assertThat(reconnect.delay(3)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void neverOverflowsNorGoesBelowTheFirstPause() {
    Backoff b = new Backoff(Duration.ofMillis(3), Duration.ofDays(365_000));
    assertThat(b.delayMillis(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365_000).toMillis());
    assertThat(b.delayMillis(0)).isEqualTo(3);
    assertThat(b.delayMillis(-4)).isEqualTo(3);
    assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(5)).delayMillis(40)).isZero();
    assertThat(new Backoff(Duration.ofMinutes(1), Duration.ofSeconds(30)).delayMillis(1)).isEqualTo(30_000);
  }

  @Test
  void negativeDurationsAreRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
