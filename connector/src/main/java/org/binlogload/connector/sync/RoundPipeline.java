package org.binlogload.connector.sync;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.job.CommitPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the job's rounds and commits them on the job's committer thread while the runner reads on: at most one round
 * in flight; acks and counters follow on the runner once it committed. Where to cut follows the commit policy and the
 * ring's capacity.
 */
final class RoundPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RoundPipeline.class);

  /** A round takes at most this share of the ring, so the ring holds the round in flight and the next ones. */
  static final int RING_SHARE = 4;

  private record InFlight(CommitRound.Prepared prepared, Future<Long> future, long startMillis) {}

  private final String job;
  private final CommitRound round;
  private final CommitPolicy policy;
  private final JobTables tables;
  private final ProgressStore progress;
  private final JobStats stats;
  private final Clock clock;
  private final Runnable onDelivered;
  private ExecutorService committer;
  private InFlight inFlight;
  private BinlogPosition lastCut;

  RoundPipeline(String job, CommitRound round, CommitPolicy policy, JobTables tables, ProgressStore progress,
      JobStats stats, Clock clock, Runnable onDelivered) {
    this.job = job;
    this.round = round;
    this.policy = policy;
    this.tables = tables;
    this.progress = progress;
    this.stats = stats;
    this.clock = clock;
    this.onDelivered = onDelivered;
  }

  /** Starts the committer thread for one run of the job. */
  void open() {
    committer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sync-" + job + "-commit");
      t.setDaemon(true);
      return t;
    });
  }

  /** Stops the committer thread. */
  void close() {
    if (committer != null) {
      committer.shutdown();
    }
  }

  /** Whether a round is in flight. */
  boolean busy() {
    return inFlight != null;
  }

  /** Where to cut the round now, or null to keep reading: Doris's commit policy plus the ring's capacity. */
  BinlogPosition cut(Consumer consumer, long sinceLastRoundMillis) {
    long events = consumer.pendingEvents();
    if (events == 0) {
      return null;
    }
    long bytes = 0;
    for (Channel c : tables.channels()) {
      bytes += c.bufferedBytes();
    }
    if (bytes >= policy.maxCommitBytes() || events >= policy.ringEntries() / RING_SHARE
        || bytes >= policy.ringBytes() / RING_SHARE) {
      return consumer.lastSeen(); // a transaction larger than the ring must not stall the job
    }
    boolean due = events >= policy.minCommitSize() || bytes >= policy.minCommitBytes()
        || sinceLastRoundMillis >= policy.intervalSeconds() * 1000;
    BinlogPosition b = consumer.lastBoundary();
    return due && b != null && b.isAfter(floor()) ? b : null;
  }

  /** The position the next round starts after: the end of the round in flight, else the committed one. */
  BinlogPosition floor() {
    BinlogPosition c = progress.current().committed();
    return lastCut != null && lastCut.isAfter(c) ? lastCut : c;
  }

  /**
   * Cuts a round at {@code end} and hands it to the committer thread, so the job reads on while Doris loads; the
   * previous round is finished first. With {@code wait}, returns once committed.
   */
  void commit(BinlogPosition end, Consumer consumer, Receiver receiver, boolean wait) {
    finish(receiver, true);
    CommitRound.Prepared p = round.prepare(end, List.copyOf(tables.channels()));
    consumer.roundDone();
    lastCut = end;
    FutureTask<Long> task = new FutureTask<>(() -> round.execute(p)) {
      @Override
      protected void done() {
        receiver.wakeUp(); // once done: the runner acks and counts the round now, not at its next poll
      }
    };
    committer.execute(task);
    inFlight = new InFlight(p, task, clock.millis());
    if (wait) {
      finish(receiver, true);
    }
  }

  /** Commits everything dispatched so far and waits: what a DDL or a statement stop needs first. */
  void closeRound(Consumer consumer, Receiver receiver) {
    BinlogPosition last = consumer.lastSeen();
    if (last != null && last.isAfter(floor())) {
      commit(last, consumer, receiver, true);
    } else {
      finish(receiver, true);
    }
  }

  /** Completes the round in flight if it is done (or waits for it): rethrows its failure, else acks and counts. */
  void finish(Receiver receiver, boolean block) {
    InFlight f = inFlight;
    if (f == null || (!block && !f.future().isDone())) {
      return;
    }
    long rows;
    try {
      rows = f.future().get();
    } catch (ExecutionException e) {
      inFlight = null;
      Throwable c = e.getCause();
      if (c instanceof Error err) {
        throw err;
      }
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("job " + job + ": interrupted waiting for the round to "
          + f.prepared().end(), e);
    }
    inFlight = null;
    round.complete(f.prepared());
    BinlogPosition end = f.prepared().end();
    receiver.ackThrough(end);
    stats.roundCommitted(end, rows, f.startMillis());
    onDelivered.run();
  }

  /** After a failure: waits for a round still in flight, so no write of it races the next run's recovery. */
  void drain() {
    InFlight f = inFlight;
    inFlight = null;
    lastCut = null;
    if (f == null) {
      return;
    }
    try {
      f.future().get();
    } catch (ExecutionException e) {
      LOG.debug("job {}: the round to {} in flight failed too: {}", job, f.prepared().end(), e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.future().cancel(true);
    }
  }
}
