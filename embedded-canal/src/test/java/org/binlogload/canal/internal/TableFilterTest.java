package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.otter.canal.filter.aviater.AviaterRegexFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TableFilterTest {
  private static final List<String> INCLUDE = List.of("shop.orders", "my-db.*", "a$b.t");

  /** Counts Canal's evaluations. */
  private static final class Counting extends TableFilter {
    final AtomicInteger evaluations = new AtomicInteger();

    Counting() {
      super(Filters.regex(INCLUDE));
    }

    @Override
    boolean evaluate(String name) {
      evaluations.incrementAndGet();
      return super.evaluate(name);
    }
  }

  @Test
  void answersAsCanalsFilterDoes() {
    AviaterRegexFilter canal = new AviaterRegexFilter(Filters.regex(INCLUDE));
    TableFilter ours = TableFilter.of(INCLUDE);
    for (String name : List.of("shop.orders", "SHOP.Orders", "shop.orders2", "shop.order", "my-db.x", "my-db.",
        "mydb.x", "a$b.t", "ab.t", "other.orders", "", "shop.orders")) {
      assertThat(ours.filter(name)).as(name).isEqualTo(canal.filter(name));
      assertThat(ours.filter(name)).as(name + " again").isEqualTo(canal.filter(name));
    }
    assertThat(TableFilter.of(List.of()).filter("any.table")).isTrue();
    assertThat(ours.filter(null)).isEqualTo(canal.filter(null));
  }

  @Test
  void evaluatesEachTableOnceHoweverManyEventsAskAboutIt() {
    Counting f = new Counting();
    for (int i = 0; i < 1000; i++) {
      assertThat(f.filter("shop.orders")).isTrue();
      assertThat(f.filter("shop.customers")).isFalse();
    }
    assertThat(f.evaluations.get()).isEqualTo(2);
  }

  @Test
  void pastItsCapacityStillAnswersWithoutRemembering() {
    Counting f = new Counting();
    for (int i = 0; i < TableFilter.CAPACITY; i++) {
      f.filter("my-db.t" + i);
    }
    assertThat(f.filter("shop.orders")).isTrue();
    assertThat(f.filter("shop.orders")).isTrue();
    assertThat(f.evaluations.get()).isEqualTo(TableFilter.CAPACITY + 2);
  }
}
