package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelTest {
  @Test
  void sameInputsGiveTheSameLabel() {
    Label a = Label.of("job1", "shop.orders", "mysql-bin.000003:4567");
    Label b = Label.of("job1", "shop.orders", "mysql-bin.000003:4567");
    assertThat(a).isEqualTo(b);
    assertThat(a.value()).isEqualTo(b.value()).startsWith("bl_job1_shop_orders_mysql-bin_000003:4567-");
    assertThat(Label.VALID.matcher(a.value()).matches()).isTrue();
  }

  @Test
  void inputsThatSanitiseAlikeStillDiffer() {
    Label dot = Label.of("job", "a.b", "p");
    Label underscore = Label.of("job", "a_b", "p");
    Label shifted = Label.of("job_a", "b", "p");
    assertThat(dot.value()).isNotEqualTo(underscore.value()).isNotEqualTo(shifted.value());
    assertThat(Label.of("job", "t", "p1")).isNotEqualTo(Label.of("job", "t", "p2"));
  }

  @Test
  void longAndNonAsciiNamesAreSanitisedAndBounded() {
    String longName = "表".repeat(200) + "x".repeat(300);
    Label l = Label.of("作业", longName, "mysql-bin.000001:4");
    assertThat(l.value()).hasSizeLessThanOrEqualTo(128);
    assertThat(Label.VALID.matcher(l.value()).matches()).isTrue();
    assertThat(Label.of("作业", longName, "mysql-bin.000001:4")).isEqualTo(l);
    assertThat(Label.of("作业", longName + "y", "mysql-bin.000001:4")).isNotEqualTo(l);
  }

  @Test
  void parseChecksTheDorisPattern() {
    assertThat(Label.parse("a-b_c:1").value()).isEqualTo("a-b_c:1");
    assertThatThrownBy(() -> Label.parse("a b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> Label.parse("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
  }
}
