package org.binlogload.connector.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.StatementEvent;
import org.binlogload.canal.UndecodableRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlog phase: reads batches, routes their rows to the channels, cuts and commits rounds through the
 * {@link RoundPipeline}, and hands each DDL to the {@link DdlBarrier}; it stops at a statement-logged DML on a tracked
 * table. Runs until the job is no longer RUNNING; a PAUSE commits the open round up to its last transaction end.
 */
final class StreamPhase implements Phase {
  private static final Logger LOG = LoggerFactory.getLogger(StreamPhase.class);

  private final String job;
  private final JobTables tables;
  private final RoundPipeline rounds;
  private final DdlBarrier barrier;
  private final ProgressStore progress;
  private final JobStats stats;
  private final JobControl control;
  private final Clock clock;
  private final int maxEvents;
  private final Duration pollTimeout;
  private OnlineCopies copies;

  StreamPhase(String job, JobTables tables, RoundPipeline rounds, DdlBarrier barrier, ProgressStore progress,
      JobStats stats, JobControl control, Clock clock, int maxEvents, Duration pollTimeout) {
    this.job = job;
    this.tables = tables;
    this.rounds = rounds;
    this.barrier = barrier;
    this.progress = progress;
    this.stats = stats;
    this.control = control;
    this.clock = clock;
    this.maxEvents = maxEvents;
    this.pollTimeout = pollTimeout;
  }

  @Override
  public String name() {
    return "binlog";
  }

  /** Copies tables while the stream runs (null: none). */
  void copies(OnlineCopies c) {
    this.copies = c;
  }

  @Override
  public void run(RunContext run) {
    try {
      while (streamOrCopyAll(run)) { // an online copy was handed over: the reader restarts at its watermark
        control.reading = false;
        run.source().close();
      }
    } finally {
      if (copies != null) {
        copies.stop();
      }
    }
  }

  /** Streams; a purged binlog position makes a job with "resnapshot_on_purge" copy every table again. */
  private boolean streamOrCopyAll(RunContext run) {
    try {
      return stream(run);
    } catch (RuntimeException e) {
      rounds.drain();
      if (copies == null || progress.current().round() != null || !copies.purged(e)) {
        throw e;
      }
      return true;
    }
  }

  /** Restarts the reader where the progress asks (an online copy's hand-over, also after a crash), once. */
  private void rewindIfPending(Source source) {
    BinlogPosition to = progress.current().rewind();
    if (to != null) {
      source.restartFrom(to);
      progress.write(progress.current().withoutRewind());
      LOG.info("job {}: the binlog reader restarted at {} (an online copy's hand-over or a purged position)", job,
          to);
    }
  }

  /** Streams until the job is no longer RUNNING (false) or an online copy was handed over (true). */
  private boolean stream(RunContext run) {
    if (progress.current().rewind() == null) {
      run.source().start();
    }
    rewindIfPending(run.source());
    control.reading = true;
    Receiver receiver = new Receiver(run.source(), maxEvents, pollTimeout);
    Consumer consumer = new Consumer(tables.routes(), tables.notSynced());
    consumer.passStatementAt(control.passStatement);
    tables.closeRoundWith(() -> rounds.closeRound(consumer, receiver));
    long lastRound = clock.millis();
    stats.runStarted();
    while (run.running()) {
      if (dispatch(receiver.next().events(), consumer, receiver)) {
        lastRound = clock.millis();
      }
      rounds.finish(receiver, false);
      if (control.retrying != null && consumer.pendingEvents() == 0 && !rounds.busy()) {
        control.delivering();
      }
      BinlogPosition cut = rounds.cut(consumer, clock.millis() - lastRound);
      if (cut != null) {
        rounds.commit(cut, consumer, receiver, false);
        lastRound = clock.millis();
      }
      if (copies != null && copies.poll(consumer, receiver, rounds)) {
        return true;
      }
    }
    rounds.finish(receiver, true);
    if (run.pausedNow()) {
      BinlogPosition b = consumer.lastBoundary();
      if (b != null && b.isAfter(rounds.floor())) {
        rounds.commit(b, consumer, receiver, true); // pause after the round commits; an open transaction is replayed
      }
    }
    return false;
  }

  /** Routes a batch; returns whether a DDL passed (it ends a round). */
  private boolean dispatch(List<ChangeEvent> events, Consumer consumer, Receiver receiver) {
    stats.read(events, progress.current().committed());
    boolean ddl = false;
    int i = 0;
    while (i < events.size()) {
      i = consumer.dispatch(events, i, progress.current().committed(), progress.current().floors());
      if (i < events.size() && events.get(i) instanceof StatementEvent st) {
        rounds.closeRound(consumer, receiver); // what came before the statement is delivered; the job stops at it
        throw consumer.stop(st);
      }
      if (i < events.size() && events.get(i) instanceof UndecodableRows u) {
        rounds.closeRound(consumer, receiver); // as the reader would have stopped here: the job pauses saying why
        throw u.error();
      }
      if (i < events.size()) {
        passDdl((DdlEvent) events.get(i), consumer, receiver);
        ddl = true;
        i++;
      }
    }
    return ddl;
  }

  private void passDdl(DdlEvent ddl, Consumer consumer, Receiver receiver) {
    boolean rowsDifferAccepted = false;
    if (control.takeSkip(ddl.position())) {
      if (!barrier.leavesRowsDifferent(ddl, tables.bindings())) {
        skip(ddl, consumer, receiver);
        return;
      }
      rowsDifferAccepted = true; // applied already; the user accepts the difference and the barrier completes
    }
    boolean passed = barrier.pass(ddl, rowsDifferAccepted, tables);
    control.refused = null;
    consumer.passed(ddl.position());
    if (passed) {
      receiver.ackThrough(ddl.position());
    }
    BinlogPosition now = progress.current().committed();
    if (now != null) {
      stats.committedThrough(now);
    }
  }

  private void skip(DdlEvent ddl, Consumer consumer, Receiver receiver) {
    rounds.closeRound(consumer, receiver);
    tables.skipped(ddl, control.refusedReason);
    progress.commitSchema(tables.snapshot(), ddl.position());
    control.refused = null;
    consumer.passed(ddl.position());
    receiver.ackThrough(ddl.position());
    LOG.warn("job {}: skipped the DDL at {} as the user asked: [{}]", job, ddl.position(), ddl.sql());
  }
}
