package org.binlogload.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.binlogload.canal.Batch;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.ColumnInfo;
import org.binlogload.canal.EmbeddedCanal;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StartPosition;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.Label;
import org.binlogload.connector.doris.LoadRequest;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.testkit.TestDatabase;

/**
 * What the stream phase will do after a snapshot, reduced to its row semantics: the binlog from a watermark, every row
 * with its position's sequence (an update of the key as a delete of the old key and an upsert of the new one, a delete
 * with the delete sign), loaded into {@code snap.<table>}; until a row of the table {@code fence} arrives.
 */
final class BinlogReplay {
  private BinlogReplay() {
  }

  /** Replays {@code tables} from {@code from} until the fence row, in loads of at most 500 rows. */
  static int replay(TestDatabase db, Path dir, Watermark from, DorisClient client, List<String> tables) {
    Map<String, List<LoadRow>> pending = new HashMap<>();
    int rows = 0;
    try (EmbeddedCanal canal = EmbeddedCanal.builder().name("replay").host(db.host()).port(db.port())
        .user(db.server().replUser()).password(db.server().replPassword())
        .serverId(8000 + ProcessHandle.current().pid() % 1000).include(db.schema() + ".*").dataDir(dir)
        .startPosition(StartPosition.at(from.file(), from.offset())).connectTimeout(Duration.ofSeconds(5)).build()) {
      canal.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      boolean fenced = false;
      while (!fenced) {
        assertThat(System.nanoTime()).as("the fence row within 120 s").isLessThan(deadline);
        Batch b = canal.get(1000, Duration.ofMillis(200));
        for (ChangeEvent e : b.events()) {
          if (e instanceof RowChange r && r.table().equals("fence")) {
            fenced = true;
          } else if (e instanceof RowChange r && tables.contains(r.table())) {
            pending.computeIfAbsent(r.table(), t -> new ArrayList<>()).addAll(rows(r));
          }
        }
        if (!b.isEmpty()) {
          canal.ack(b.id());
        }
        rows += flush(client, pending, fenced ? 1 : 500);
      }
    }
    return rows;
  }

  private static int flush(DorisClient client, Map<String, List<LoadRow>> pending, int atLeast) {
    int n = 0;
    for (Map.Entry<String, List<LoadRow>> e : pending.entrySet()) {
      List<LoadRow> rows = e.getValue();
      if (rows.size() >= atLeast) {
        Label label = Label.of("replay", e.getKey(), Long.toString(rows.get(rows.size() - 1).sequence()));
        client.streamLoad(LoadRequest.builder().db("snap").table(e.getKey()).label(label)
            .columns(rows.get(0).columns().names()).twoPhaseCommit(false).build(),
            RowSource.of(List.copyOf(rows)));
        n += rows.size();
        rows.clear();
      }
    }
    return n;
  }

  private static List<LoadRow> rows(RowChange r) {
    long seq = r.position().sequence();
    Map<String, Object> before = values(r, r.before());
    Map<String, Object> after = values(r, r.after());
    switch (r.kind()) {
      case INSERT:
        return List.of(LoadRow.upsert(after, seq));
      case DELETE:
        return List.of(LoadRow.delete(before, seq));
      default:
        if (keyOf(r, before).equals(keyOf(r, after))) {
          return List.of(LoadRow.upsert(after, seq));
        }
        return List.of(LoadRow.delete(before, seq), LoadRow.upsert(after, seq));
    }
  }

  private static Map<String, Object> values(RowChange r, List<Object> image) {
    if (image == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < r.columns().size(); i++) {
      m.put(r.columns().get(i).name(), image.get(i));
    }
    return m;
  }

  private static List<Object> keyOf(RowChange r, Map<String, Object> image) {
    List<Object> key = new ArrayList<>();
    for (ColumnInfo c : r.columns()) {
      if (c.key()) {
        key.add(Objects.requireNonNull(image).get(c.name()));
      }
    }
    return key;
  }
}
