package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.CommitPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.job.SourceSpec;
import org.binlogload.testkit.Wait;

/** Fakes wired into jobs, and the expected target state computed straight from the fake binlog. */
public final class Harness implements AutoCloseable {
  public static final List<String> COLS = List.of("id", "v");

  public final MemoryStateStore store = new MemoryStateStore();
  public final FakeBinlog binlog = new FakeBinlog();
  final MemorySink sink = new MemorySink();
  public final FakePlanner planner = new FakePlanner();
  public final ExecutorService pool = Executors.newFixedThreadPool(2);
  final List<String> ops = Collections.synchronizedList(new ArrayList<>());
  public final List<SyncJob> jobs = new ArrayList<>();
  final Map<String, String> sourceTables = new LinkedHashMap<>();

  public Harness() {
    store.beforePut = (k, v) -> {
      if (k.endsWith(ProgressStore.PROGRESS_KEY)) {
        Progress p = Progress.fromBytes(v);
        ops.add(p.round() == null ? "committed " + p.committed()
            : (p.round().decided() ? "decision " : "intent ") + p.round().end());
      }
    };
    sink.hook = ops::add;
    binlog.beforeAck = () -> ops.add("ack");
  }

  public static CommitPolicy policy(long minSize, long minBytes, long maxBytes) {
    return CommitPolicy.builder().intervalSeconds(1).minCommitSize(minSize).minCommitBytes(minBytes)
        .maxCommitBytes(maxBytes).ringEntries(1024).ringBytes(1L << 30).build();
  }

  public static JobDefinition definition(CommitPolicy policy, ChannelSpec... channels) {
    JobDefinition.Builder b = JobDefinition.builder().database("ddb").name("job1")
        .source(SourceSpec.builder().host("127.0.0.1").port(3306).user("repl").password("secret").build())
        .commitPolicy(policy);
    for (ChannelSpec c : channels) {
      b.addChannel(c);
    }
    return b.build();
  }

  static JobDefinition twoTables(CommitPolicy policy) {
    return definition(policy, ChannelSpec.table("src", "t1", "ddb", "t1", List.of()),
        ChannelSpec.table("src", "t2", "ddb", "t2", List.of()));
  }

  public SourceCatalog catalog() {
    return new SourceCatalog() {
      @Override
      public List<String> tables(String schema) {
        List<String> l = new ArrayList<>();
        for (String k : sourceTables.keySet()) {
          if (k.startsWith(schema + ".")) {
            l.add(k.substring(schema.length() + 1));
          }
        }
        return l;
      }

      @Override
      public Optional<String> showCreateTable(String schema, String table) {
        return Optional.ofNullable(sourceTables.get(schema + "." + table));
      }
    };
  }

  public void sourceTable(String table) {
    sourceTables.put("src." + table, "CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))");
  }

  SyncJob job(JobDefinition def, int maxEvents) {
    return job(def, maxEvents, Duration.ofMillis(20));
  }

  SyncJob job(JobDefinition def, int maxEvents, Duration pollTimeout) {
    SyncJob j = SyncJob.builder().jobId(7).definition(def).state(store.scoped("jobs/7")).source(binlog::source)
        .sink(sink).planner(planner).catalog(catalog()).pool(pool).maxEvents(maxEvents)
        .pollTimeout(pollTimeout).retries(5, Duration.ofMillis(10)).stopTimeout(Duration.ofSeconds(5))
        .build();
    jobs.add(j);
    return j;
  }

  /** Waits until {@code job} committed everything the binlog holds now. */
  public void awaitCaughtUp(SyncJob job) {
    BinlogPosition last = binlog.last();
    Wait.until("job committed through " + last + " (state " + job.state() + ", msg " + job.message() + ")",
        Duration.ofSeconds(20), () -> job.committed() != null && job.committed().compareTo(last) >= 0);
  }

  /** The rows {@code table} must hold: the binlog applied in order. */
  Map<String, Map<String, Object>> expected(String table) {
    Map<String, Map<String, Object>> m = new TreeMap<>();
    String current = table;
    for (ChangeEvent e : binlog.events()) {
      if (e instanceof DdlEvent d && d.sql().matches("(?i)RENAME TABLE " + current + " TO (\\w+)")) {
        current = d.sql().replaceAll("(?i)RENAME TABLE \\w+ TO (\\w+)", "$1");
      }
      if (e instanceof RowChange r && r.table().equals(current)) {
        if (r.before() != null) {
          m.remove(String.valueOf(r.before().get(0)));
        }
        if (r.after() != null) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < r.columns().size(); i++) {
            row.put(r.columns().get(i).name(), r.after().get(i));
          }
          m.put(String.valueOf(r.after().get(0)), row);
        }
      }
    }
    return m;
  }

  /** Positions that became visible more than once in {@code table}. */
  List<String> duplicates(String table) {
    Set<String> seen = new HashSet<>();
    List<String> dup = new ArrayList<>();
    for (String s : sink.visibleLog(table)) {
      if (!seen.add(s)) {
        dup.add(s);
      }
    }
    return dup;
  }

  @Override
  public void close() {
    for (SyncJob j : jobs) {
      try {
        j.stop();
      } catch (RuntimeException e) {
        // already cancelled
      }
    }
    pool.shutdownNow();
  }
}
