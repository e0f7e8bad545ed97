package org.binlogload.connector.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.binlogload.connector.snapshot.SnapshotProgress.TableProgress;

/**
 * Hands the workers chunks, table after table (so the chunks of one table, and near a table's end those of the next,
 * are copied at once), and folds finished chunks into the progress: a table's {@code lastKey} advances only over
 * chunks finished without a gap, so a resume never skips a chunk that was still being copied. Every change of the
 * progress is persisted under the same lock, so an older value never overwrites a newer one.
 */
final class ChunkDispenser {
  /** A chunk handed out, with its target. */
  record Work(Snapshot.Target target, Chunk chunk) {
  }

  private final List<Snapshot.Target> targets;
  private final int chunkSize;
  private final List<ChunkPlanner> planners = new ArrayList<>();
  private final List<TreeMap<Integer, Finished>> finished = new ArrayList<>();
  private final SnapshotProgressStore store;
  private SnapshotProgress progress;
  private int current;

  private record Finished(Chunk chunk, long rows) {
  }

  ChunkDispenser(List<Snapshot.Target> targets, int chunkSize, SnapshotProgress progress,
      SnapshotProgressStore store) {
    this.targets = targets;
    this.store = store;
    this.chunkSize = chunkSize;
    this.progress = progress;
    for (Snapshot.Target t : targets) {
      planners.add(null);
      finished.add(new TreeMap<>());
      String name = t.source().qualifiedName();
      if (progress.table(name) == null) {
        this.progress = this.progress.with(name, TableProgress.start(t.source().estimatedRows()));
      }
    }
  }

  /** The next chunk to copy, planned on {@code c}, or null when every chunk is handed out. */
  synchronized Work next(Connection c) throws SQLException {
    while (current < targets.size()) {
      Snapshot.Target t = targets.get(current);
      TableProgress p = progress.table(t.source().qualifiedName());
      if (p.done()) {
        current++;
        continue;
      }
      ChunkPlanner planner = planners.get(current);
      if (planner == null) {
        planner = ChunkPlanner.start(c, t.source(), chunkSize, keyOf(t.source(), p.lastKey()), p.chunksDone());
        planners.set(current, planner);
      }
      Chunk chunk = planner.next(c);
      if (chunk != null) {
        return new Work(t, chunk);
      }
      current++;
    }
    return null;
  }

  /** Records {@code work} as copied with {@code rows} rows and persists the progress; returns it. */
  synchronized SnapshotProgress done(Work work, long rows) {
    int i = targets.indexOf(work.target());
    String name = work.target().source().qualifiedName();
    TreeMap<Integer, Finished> f = finished.get(i);
    f.put(work.chunk().index(), new Finished(work.chunk(), rows));
    TableProgress p = progress.table(name);
    while (!p.done() && f.containsKey(p.chunksDone())) {
      Finished next = f.remove(p.chunksDone());
      List<String> key = next.chunk().last() ? p.lastKey() : textOf(work.target().source(), next.chunk().upper());
      p = new TableProgress(p.chunksDone() + 1, key, p.rowsCopied() + next.rows(), p.estimatedRows(),
          next.chunk().last());
    }
    progress = progress.with(name, p);
    store.save(progress);
    return progress;
  }

  /** Lowers the earliest watermark to {@code low} when it lies before it, and persists that. */
  synchronized void lowerEarliest(Watermark low) {
    if (low.compareTo(progress.earliestWatermark()) < 0) {
      progress = new SnapshotProgress(progress.formatVersion(), low.toString(), progress.generation(),
          progress.tables());
      store.save(progress);
    }
  }

  /** Persists the progress as it is (the tables about to be copied included). */
  synchronized void persist() {
    store.save(progress);
  }

  private static List<Object> keyOf(SnapshotTable table, List<String> text) {
    if (text == null) {
      return null;
    }
    List<Object> key = new ArrayList<>();
    List<SnapshotTable.Column> cols = table.keyColumns();
    for (int i = 0; i < cols.size(); i++) {
      key.add(cols.get(i).kind().parse(text.get(i)));
    }
    return key;
  }

  private static List<String> textOf(SnapshotTable table, List<Object> key) {
    List<String> text = new ArrayList<>();
    List<SnapshotTable.Column> cols = table.keyColumns();
    for (int i = 0; i < cols.size(); i++) {
      text.add(cols.get(i).kind().text(key.get(i)));
    }
    return text;
  }
}
