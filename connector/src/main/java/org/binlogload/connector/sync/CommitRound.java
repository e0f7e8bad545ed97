package org.binlogload.connector.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.binlogload.canal.BinlogPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once commit of one binlog range (committed, end] across every channel of a job:
 * <ol>
 *   <li>persist the round's intent (end and the sink's key of each write, derived from job, table and end), so a
 *       crash before the decision aborts exactly these writes;</li>
 *   <li>prepare every channel's rows of the range through the sink: all staged, none visible;</li>
 *   <li>persist the decision (end, keys, the sink's ids of what it staged): from here on, recovery rolls the round
 *       forward;</li>
 *   <li>commit every write ("already committed" is success);</li>
 *   <li>record end as committed (the caller then acknowledges the source).</li>
 * </ol>
 * A failure before the decision aborts every write of the round and rethrows; the range is then replayed.
 */
final class CommitRound {
  private static final Logger LOG = LoggerFactory.getLogger(CommitRound.class);

  private final String job;
  private final Sink sink;
  private final ProgressStore progress;
  private final ExecutorService pool;

  CommitRound(String job, Sink sink, ProgressStore progress, ExecutorService pool) {
    this.job = job;
    this.sink = sink;
    this.progress = progress;
    this.pool = pool;
  }

  /** A round ready to run: its end and one task per channel with rows, the rows snapshotted. */
  static final class Prepared {
    private final BinlogPosition end;
    private final List<Task> tasks;

    private Prepared(BinlogPosition end, List<Task> tasks) {
      this.end = end;
      this.tasks = tasks;
    }

    BinlogPosition end() {
      return end;
    }
  }

  /** Snapshots the rows of the round (on the job's thread; no I/O). */
  Prepared prepare(BinlogPosition end, List<Channel> channels) {
    List<Task> tasks = new ArrayList<>();
    for (Channel c : channels) {
      if (c.hasRowsThrough(end)) {
        tasks.add(new Task(sink, c, sink.open(job, c.targetDb(), c.targetTable(), end), c.rowsThrough(end)));
      }
    }
    return new Prepared(end, tasks);
  }

  /** Runs the protocol of a prepared round (may run on another thread than the job's); returns its rows. */
  long execute(Prepared p) {
    BinlogPosition end = p.end;
    List<Task> tasks = p.tasks;
    if (tasks.isEmpty()) {
      progress.write(progress.current().withCommitted(end));
      return 0;
    }
    List<Progress.Load> intent = new ArrayList<>();
    for (Task t : tasks) {
      intent.add(Progress.Load.of(t.write()));
    }
    progress.write(progress.current().withRound(new Progress.Round(end, false, intent)));
    List<Progress.Load> decided = prepareAll(end, tasks);
    progress.write(progress.current().withRound(new Progress.Round(end, true, decided)));
    for (Progress.Load l : decided) {
      sink.commit(l.write());
    }
    progress.write(progress.current().withCommitted(end));
    long rows = 0;
    for (Task t : tasks) {
      rows += t.rows().size();
    }
    return rows;
  }

  /** Drops the committed rows from the channels and counts them (on the job's thread). */
  void complete(Prepared p) {
    for (Task t : p.tasks) {
      t.channel().committed(p.end, t.write().key());
    }
  }

  private List<Progress.Load> prepareAll(BinlogPosition end, List<Task> tasks) {
    List<Future<Sink.Write>> futures = new ArrayList<>();
    for (Task t : tasks) {
      futures.add(pool.submit(t));
    }
    List<Progress.Load> loads = new ArrayList<>();
    RuntimeException failure = null;
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      try {
        loads.add(Progress.Load.of(futures.get(i).get()));
      } catch (ExecutionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
            : new IllegalStateException(e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? new IllegalStateException("interrupted while loading round " + end, e) : failure;
      }
    }
    if (failure != null) {
      abortAll(end, tasks, failure);
      throw failure;
    }
    return loads;
  }

  /** Aborts every write of a round that failed before its decision; the intent is cleared once all aborts pass. */
  private void abortAll(BinlogPosition end, List<Task> tasks, RuntimeException failure) {
    boolean allAborted = true;
    for (Task t : tasks) {
      try {
        sink.abort(t.write());
      } catch (RuntimeException e) {
        allAborted = false;
        failure.addSuppressed(e);
        LOG.warn("job {}: abort of {} ({}) for round {} failed; recovery retries it: {}", job, t.write().key(),
            t.channel().target(), end, e.toString());
      }
    }
    if (allAborted) {
      progress.write(progress.current().withRound(null));
    }
  }
}
