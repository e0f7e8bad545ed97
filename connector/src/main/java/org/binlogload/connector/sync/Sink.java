package org.binlogload.connector.sync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.load.LoadRow;

/**
 * The engine's port to the target: each channel's rows of a round are prepared, then committed or aborted through an
 * opaque {@link Write}; schema changes go through the sink's {@link SchemaApplier}; the sink says what its failures
 * mean. A sink without two-phase commit prepares by staging (or writing idempotently) and commits by publishing.
 */
public interface Sink {
  /**
   * A write of one channel's rows in one round, as the engine persists it: the target table, the sink's key for it
   * (derived in {@link #open}, the same for the same round after a restart) and the id of what {@link #prepare}
   * staged ({@code -1} before).
   */
  record Write(String db, String table, String key, long id) {
    /** Checks the fields. */
    public Write {
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(key, "key");
    }

    /** This write once prepared as {@code staged}. */
    public Write prepared(long staged) {
      return new Write(db, table, key, staged);
    }
  }

  /** The write of {@code db.table}'s rows by {@code job} in the round ending at {@code end} (no I/O). */
  Write open(String job, String db, String table, BinlogPosition end);

  /**
   * Stages {@code rows} under {@code w} without making them visible and returns {@code w} with the id of what was
   * staged; staging a key that is already staged answers with its id.
   */
  Write prepare(Write w, List<LoadRow> rows);

  /** Makes the prepared {@code w} visible; a write already visible is success. */
  void commit(Write w);

  /**
   * Drops what {@code w} staged, if anything; an unknown or dropped key is success, a key found visible is an error
   * (it contradicts the job's undecided round).
   */
  void abort(Write w);

  /** The sink's side of schema changes. */
  SchemaApplier schema();

  /** The target's name as messages give it. */
  default String name() {
    return "the target";
  }

  /** Whether a failure of this sink may pass when the job retries the whole round. */
  default boolean isRetryable(Throwable t) {
    return false;
  }

  /**
   * What fixes a failure of this sink when the target refused something: the job ends its pause message with it.
   * {@code job} is the job's name, {@code committed} its committed position (or null).
   */
  default Optional<Fix> remedy(Throwable t, String job, BinlogPosition committed) {
    return Optional.empty();
  }

  /** Whether a failure says the target table is gone (the job is cancelled then). */
  default boolean isTableGone(Throwable t) {
    return false;
  }

  /**
   * A fix for a refusal of the target.
   *
   * @param text what to do, naming the property, configuration key or statement
   * @param thenResume whether {@code RESUME SYNC JOB} is the step after it
   * @param retried whether the job retries the refusal by itself
   */
  record Fix(String text, boolean thenResume, boolean retried) {
    /** The fix as the end of a pause message of {@code job}. */
    public String forPause(String job) {
      return text + (thenResume ? "; then RESUME SYNC JOB " + job : "");
    }
  }
}
