package org.binlogload.connector.snapshot;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.state.LocalStateStore;

/**
 * A snapshot of one table in a process of its own (the heap test starts it with a small -Xmx): args are source host,
 * port, user, password, schema, table, Doris FE address, user, password, state directory, parallelism, chunk size.
 */
public final class SnapshotChild {
  private SnapshotChild() {
  }

  /** Copies the table and prints {@code rows=<n> peakHeapMiB=<m>}. */
  public static void main(String[] a) throws Exception {
    SourceConnections repl = new SourceConnections(a[0], Integer.parseInt(a[1]), a[2], a[3]);
    try (DorisClient client = DorisClient.create(DorisConfig.builder().feAddress(a[6]).user(a[7]).password(a[8])
        .build())) {
      Snapshot.Target target;
      try (Connection c = repl.open()) {
        target = new Snapshot.Target(TableInspector.inspect(c, a[4], a[5]), "snap", a[5]);
      }
      SnapshotProgressStore store = new SnapshotProgressStore(LocalStateStore.open(Path.of(a[9])).scoped("jobs/1"));
      new Snapshot(repl, new DorisChunkLoader(client), store, "1_job", Integer.parseInt(a[10]),
          Integer.parseInt(a[11]), null).run(List.of(target));
      long rows = store.load().orElseThrow().table(a[4] + "." + a[5]).rowsCopied();
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("rows=" + rows + " peakHeapMiB=" + (peak >> 20));
    }
  }
}
