package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DorisConfigTest {
  @Test
  void toStringNeverShowsThePassword() {
    DorisConfig c = DorisConfig.builder().feAddresses("fe1:8030, fe2:8030").user("loader").password("Sup3r-secret").build();
    assertThat(c.feAddresses()).containsExactly("fe1:8030", "fe2:8030");
    assertThat(c.toString()).doesNotContain("Sup3r-secret").contains("password=***");
    assertThat(DorisClient.create(c).toString()).doesNotContain("Sup3r-secret");
  }

  @Test
  void rejectsBadValuesWithCodeLikeMessages() {
    assertThatThrownBy(() -> DorisConfig.builder().user("u").build()).hasMessageContaining("feAddresses is empty");
    assertThatThrownBy(() -> DorisConfig.builder().feAddress("fe1").user("u").build())
        .hasMessageContaining("'fe1' is not host:http_port");
    assertThatThrownBy(() -> DorisConfig.builder().feAddresses(List.of("a:1")).user("u").readTimeout(Duration.ZERO).build())
        .hasMessage("readTimeout <= 0");
    assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ZERO, Duration.ZERO)).hasMessage("maxAttempts < 1");
  }

  @Test
  void backoffGrowsAndStaysUnderTheCap() {
    RetryPolicy p = RetryPolicy.of(10, Duration.ofMillis(100), Duration.ofMillis(1000));
    for (int i = 0; i < 50; i++) {
      assertThat(p.backoff(1).toMillis()).isBetween(50L, 100L);
      assertThat(p.backoff(3).toMillis()).isBetween(200L, 400L);
      assertThat(p.backoff(30).toMillis()).isBetween(500L, 1000L);
    }
  }

  @Test
  void parsesTheTxnIdOfALabelAlreadyExistsMessage() {
    assertThat(LoadAnswers.txnIdFromLabelMessage("errCode = 2, detailMessage = Label [bl_x-1] has already been used, "
        + "relate to txn [332509]")).isEqualTo(332509L);
    assertThat(LoadAnswers.txnIdFromLabelMessage("Label [a] has already been used, relate to txn [7]")).isEqualTo(7L);
    assertThat(LoadAnswers.txnIdFromLabelMessage("something else")).isEqualTo(-1L);
  }
}
