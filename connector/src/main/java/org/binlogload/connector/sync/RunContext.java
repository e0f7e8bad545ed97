package org.binlogload.connector.sync;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run of a job, as its phases see it: the binlog source opened for the run, and whether the job is still RUNNING
 * (or was just PAUSED by the user) in this run.
 */
final class RunContext {
  private final Source source;
  private final BooleanSupplier running;
  private final BooleanSupplier pausedNow;
  private final Consumer<String> retrying;

  RunContext(Source source, BooleanSupplier running, BooleanSupplier pausedNow) {
    this(source, running, pausedNow, why -> { });
  }

  RunContext(Source source, BooleanSupplier running, BooleanSupplier pausedNow, Consumer<String> retrying) {
    this.source = source;
    this.running = running;
    this.pausedNow = pausedNow;
    this.retrying = retrying;
  }

  /** Shows that a phase retries a transient fault by itself ({@code why}), or that it has healed (null). */
  void retrying(String why) {
    retrying.accept(why);
  }

  /** The source of this run. */
  Source source() {
    return source;
  }

  /** Whether the job is RUNNING in this run. */
  boolean running() {
    return running.getAsBoolean();
  }

  /** Whether the user paused the job during this run (its open round is then committed up to a boundary). */
  boolean pausedNow() {
    return pausedNow.getAsBoolean();
  }
}
