package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.binlogload.connector.state.StateStore;

/** An engine whose jobs record what the job manager asks of them, for tests besides the real sync engine. */
public final class FakeSyncEngine implements SyncEngine {
  /** Runtimes by job id, the latest one for each job. */
  public final Map<Long, FakeRuntime> runtimes = new ConcurrentHashMap<>();
  /** Every runtime created, in order. */
  public final List<FakeRuntime> created = Collections.synchronizedList(new ArrayList<>());
  private volatile Throwable failOnStart;
  private volatile String pauseOnStart;

  /** Makes the next runtimes pause with {@code why} as soon as they start, as on a refused DDL read again. */
  public void pauseOnStart(String why) {
    this.pauseOnStart = why;
  }

  /** Makes the next runtimes fail in start(). */
  public void failOnStart(Throwable e) {
    this.failOnStart = e;
  }

  @Override
  public SyncEngine.Job create(long jobId, JobDefinition def, StateStore jobState, Listener listener) {
    FakeRuntime r = new FakeRuntime(jobId, def, jobState, listener, failOnStart, pauseOnStart);
    runtimes.put(jobId, r);
    created.add(r);
    return r;
  }

  /** One fake job. */
  public static final class FakeRuntime implements SyncEngine.Job {
    public final long id;
    public final JobDefinition def;
    public final StateStore store;
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Listener listener;
    private final Throwable failOnStart;
    private final String pauseOnStart;
    private volatile JobState state = JobState.PENDING;
    private volatile String message = "";
    private volatile long rows;

    FakeRuntime(long id, JobDefinition def, StateStore store, Listener listener, Throwable failOnStart,
        String pauseOnStart) {
      this.listener = listener;
      this.pauseOnStart = pauseOnStart;
      this.id = id;
      this.def = def;
      this.store = store;
      this.failOnStart = failOnStart;
    }

    @Override
    public void start() {
      calls.add("start");
      if (failOnStart instanceof RuntimeException e) {
        throw e;
      }
      if (failOnStart instanceof Error e) {
        throw e;
      }
      store.put("started", new byte[] {1});
      state = JobState.RUNNING;
      if (pauseOnStart != null) {
        failWith(pauseOnStart);
      }
    }

    @Override
    public void pause() {
      calls.add("pause");
      state = JobState.PAUSED;
    }

    @Override
    public void resume() {
      calls.add("resume");
      message = "";
      state = JobState.RUNNING;
    }

    @Override
    public void stop() {
      calls.add("stop");
      state = JobState.CANCELLED;
    }

    @Override
    public JobState state() {
      return state;
    }

    @Override
    public String message() {
      return message;
    }

    /** The initial snapshot's progress it reports, or null (streaming). */
    public volatile SnapshotStatus snapshot;
    /** The table it copies while it streams, or null. */
    public volatile SyncStatus.OnlineCopy onlineCopy;

    /** Loads {@code n} rows into every channel. */
    public void load(long n) {
      rows += n;
    }

    /** Pauses on its own with {@code why}, as on a refused DDL, and tells its listener. */
    public void failWith(String why) {
      message = why;
      state = JobState.PAUSED;
      listener.changed(state, why);
    }

    /** Stays RUNNING with {@code why} as its message (empty: healed), as while waiting to retry, and tells. */
    public void retrying(String why) {
      message = why;
      listener.changed(state, why);
    }

    /** Cancels on its own with {@code why}, as on a dropped table, and tells its listener. */
    public void cancelWith(String why) {
      message = why;
      state = JobState.CANCELLED;
      listener.changed(state, why);
    }

    @Override
    public SyncStatus status() {
      SyncStatus.Builder b = SyncStatus.builder().position("mysql-bin.000001:" + (4 + rows))
          .gtid(rows > 0 ? "0-1-" + rows : null).delayMillis(120).executeTimeMillis(rows > 0 ? 1_700_000_000_000L : 0)
          .totalRows(rows * def.channels().size()).rowsPerSecond(rows).commitRounds(rows > 0 ? 1 : 0)
          .snapshot(snapshot).onlineCopy(onlineCopy).lastDdlPauseMillis(rows > 0 ? 254 : -1);
      for (ChannelSpec c : def.channels()) {
        b.addChannel(ChannelStatus.of(c.source(), c.target(), rows, rows * 10, rows > 0 ? 1 : 0,
            rows > 0 ? "label_" + id : null));
      }
      return b.build();
    }

    @Override
    public void skipDdl(String position) {
      calls.add("skipDdl " + position);
    }
  }
}
