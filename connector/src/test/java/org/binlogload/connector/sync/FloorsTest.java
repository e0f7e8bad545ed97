package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.TransactionEnd;
import org.junit.jupiter.api.Test;

/** Per-table floors: what they skip, how an online copy's hand-over sets them, and when the stream drops them. */
class FloorsTest {
  private static BinlogPosition at(long offset) {
    return BinlogPosition.of("mysql-bin.000001", offset);
  }

  private static RowChange insert(String table, long offset, long id) {
    return RowChange.insert("shop", table, List.of(ColumnInfo.of("id", true)), List.of(id), at(offset));
  }

  @Test
  void aTableBeingCopiedSkipsEverythingAndAFloorSkipsUpToItself() {
    Floors f = Floors.NONE.copying("shop.t");
    assertThat(f.skips("shop.t", at(1_000_000))).isTrue();
    assertThat(f.skips("shop.u", at(4))).isFalse();

    Floors handedOver = f.copied("shop.t", at(100), at(300));
    assertThat(handedOver.copying()).isEmpty();
    assertThat(handedOver.skips("shop.t", at(100))).isTrue();
    assertThat(handedOver.skips("shop.t", at(101))).isFalse();
    assertThat(handedOver.skips("shop.u", at(300))).isTrue();
    assertThat(handedOver.skips("shop.u", at(301))).isFalse();
    assertThat(handedOver.skips(null, at(250))).as("DDL naming no table").isTrue();
  }

  @Test
  void theStreamDropsFloorsItPassed() {
    Floors f = Floors.NONE.copied("shop.t", at(100), at(300));
    assertThat(f.passed(at(200))).isEqualTo(Floors.of(Map.of(), Set.of(), at(300)));
    assertThat(f.passed(at(300))).isSameAs(Floors.NONE);
    assertThat(Floors.NONE.copying("shop.x").passed(at(900)).copying()).containsExactly("shop.x");
  }

  @Test
  void aSecondHandOverKeepsEarlierFloorsAtLeastAtTheCommittedPosition() {
    Floors f = Floors.NONE.copied("shop.t", at(100), at(300)).copying("shop.v").copied("shop.v", at(200), at(250));
    assertThat(f.at()).isEqualTo(Map.of("shop.t", at(250), "shop.v", at(200)));
    assertThat(f.others()).isEqualTo(at(300));
  }

  @Test
  void aTableCannotHaveAFloorWhileCopied() {
    assertThatThrownBy(() -> Floors.of(Map.of("shop.t", at(4)), Set.of("shop.t"), null))
        .hasMessage("shop.t has a floor and is being copied");
  }

  @Test
  void theConsumerSkipsRowsAndDdlBelowTheirTablesFloors() {
    Channel t = new Channel("shop", "t", "dw", "t", List.of());
    Channel u = new Channel("shop", "u", "dw", "u", List.of());
    Consumer consumer = new Consumer(Map.of("shop.t", t, "shop.u", u));
    Floors floors = Floors.NONE.copied("shop.t", at(100), at(300));
    List<ChangeEvent> events = List.of(insert("t", 90, 1), insert("u", 95, 2), insert("t", 150, 3),
        insert("u", 160, 4), DdlEvent.of("shop", "u", "ALTER TABLE u ADD c INT", at(200)), insert("t", 350, 5),
        insert("u", 360, 6), TransactionEnd.of(7L, at(370)));

    assertThat(consumer.dispatch(events, 0, at(50), floors)).isEqualTo(events.size());

    assertThat(t.rowsThrough(at(1000))).extracting(r -> r.position().offset()).containsExactly(150L, 350L);
    assertThat(u.rowsThrough(at(1000))).extracting(r -> r.position().offset()).containsExactly(360L);
    assertThat(consumer.lastSeen()).isEqualTo(at(370));
  }

  @Test
  void aDdlAboveItsTablesFloorStillStopsAtTheBarrier() {
    Consumer consumer = new Consumer(Map.of());
    Floors floors = Floors.NONE.copied("shop.t", at(100), at(300));
    List<ChangeEvent> events = List.of(DdlEvent.of("shop", "t", "ALTER TABLE t ADD c INT", at(200)));
    assertThat(consumer.dispatch(events, 0, null, floors)).isZero();
  }
}
