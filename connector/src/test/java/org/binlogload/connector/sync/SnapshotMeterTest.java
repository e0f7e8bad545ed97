package org.binlogload.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.connector.job.SnapshotStatus;
import org.binlogload.connector.snapshot.ColumnKind;
import org.binlogload.connector.snapshot.Snapshot;
import org.binlogload.connector.snapshot.SnapshotProgress;
import org.binlogload.connector.snapshot.SnapshotProgress.TableProgress;
import org.binlogload.connector.snapshot.SnapshotTable;
import org.junit.jupiter.api.Test;

/** What SHOW SYNC JOB and /metrics say while a snapshot runs: tables, rows, this run's rate and the ETA from it. */
class SnapshotMeterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.get());
    }
  };

  private static Snapshot.Target target(String table, long estimated) {
    SnapshotTable t = new SnapshotTable("shop", table, List.of(new SnapshotTable.Column("id", "int",
        ColumnKind.of("int"))), List.of("id"), estimated);
    return new Snapshot.Target(t, "dw", table);
  }

  private static SnapshotProgress progress(TableProgress orders, TableProgress tags) {
    TreeMap<String, TableProgress> tables = new TreeMap<>();
    tables.put("shop.orders", orders);
    tables.put("shop.tags", tags);
    return new SnapshotProgress(SnapshotProgress.FORMAT_VERSION, "mysql-bin.000001:4", 1, tables);
  }

  @Test
  void aResumedRunCountsEarlierRowsAsCopiedButNotTowardsItsRateAndEta() {
    SnapshotMeter m = new SnapshotMeter(clock);
    assertThat(m.status()).as("before the copy starts: the snapshot phase, nothing known yet")
        .isEqualTo(new SnapshotStatus(0, 0, 0, 0, 0, -1));
    SnapshotProgress stored = progress(new TableProgress(2, List.of("2000"), 2000, 10000, false),
        new TableProgress(1, List.of("x"), 40, 40, true));
    m.begin(List.of(target("orders", 10000), target("tags", 40)), stored);
    assertThat(m.status()).isEqualTo(new SnapshotStatus(1, 2, 2040, 10040, 0, -1));

    now.addAndGet(4000);
    m.update(progress(new TableProgress(6, List.of("6000"), 6000, 10000, false),
        new TableProgress(1, List.of("x"), 40, 40, true)));
    SnapshotStatus s = m.status();
    assertThat(s.rowsCopied()).isEqualTo(6040);
    assertThat(s.rowsPerSecond()).isEqualTo(1000.0); // 4000 rows of this run in 4 s
    assertThat(s.etaSeconds()).isEqualTo(4); // 4000 rows left
    assertThat(s.describe()).isEqualTo("tables:1/2, rows:6040/10040, rate:1000 rows/s, eta:4s");

    m.finished();
    assertThat(m.status()).as("a finished snapshot shows the stream phase").isNull();
  }
}
