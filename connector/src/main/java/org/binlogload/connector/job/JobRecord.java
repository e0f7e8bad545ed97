package org.binlogload.connector.job;

import java.util.Objects;

/** What the job manager persists about a job besides its definition: state, message and the times of changes. */
public final class JobRecord {
  /** The format version of a persisted record. */
  public static final int FORMAT_VERSION = 1;
  /** A time that has not happened. */
  public static final long NONE = -1;

  private final JobState state;
  private final String message;
  private final long createTime;
  private final long lastStartTime;
  private final long lastStopTime;
  private final long finishTime;

  private JobRecord(JobState state, String message, long createTime, long lastStartTime, long lastStopTime,
      long finishTime) {
    this.state = Objects.requireNonNull(state, "state");
    this.message = message == null ? "" : message;
    this.createTime = createTime;
    this.lastStartTime = lastStartTime;
    this.lastStopTime = lastStopTime;
    this.finishTime = finishTime;
  }

  /** A new PENDING job created at {@code now} (epoch milliseconds). */
  public static JobRecord created(long now) {
    return new JobRecord(JobState.PENDING, "", now, NONE, NONE, NONE);
  }

  /** A record with every field given. */
  public static JobRecord of(JobState state, String message, long createTime, long lastStartTime, long lastStopTime,
      long finishTime) {
    return new JobRecord(state, message, createTime, lastStartTime, lastStopTime, finishTime);
  }

  /** The record after moving to {@code next} at {@code now} with {@code message}; the times follow the move. */
  public JobRecord moveTo(JobState next, String message, long now) {
    long start = lastStartTime;
    long stop = lastStopTime;
    long finish = finishTime;
    if (next == JobState.RUNNING && state != JobState.RUNNING) {
      start = now;
    }
    if (state == JobState.RUNNING && next != JobState.RUNNING) {
      stop = now;
    }
    if (next == JobState.CANCELLED && state != JobState.CANCELLED) {
      finish = now;
    }
    return new JobRecord(next, message, createTime, start, stop, finish);
  }

  /** The record of a runtime (re)started at {@code now}: RUNNING, with the start time moved even when it was RUNNING. */
  public JobRecord started(long now) {
    JobRecord r = moveTo(JobState.RUNNING, "", now);
    return new JobRecord(JobState.RUNNING, "", createTime, now, r.lastStopTime, r.finishTime);
  }

  /** The state. */
  public JobState state() {
    return state;
  }

  /** Why the job paused or was cancelled, or empty. */
  public String message() {
    return message;
  }

  /** When the job was created, epoch milliseconds. */
  public long createTime() {
    return createTime;
  }

  /** When the job last went RUNNING, or {@link #NONE}. */
  public long lastStartTime() {
    return lastStartTime;
  }

  /** When the job last left RUNNING, or {@link #NONE}. */
  public long lastStopTime() {
    return lastStopTime;
  }

  /** When the job was cancelled, or {@link #NONE}. */
  public long finishTime() {
    return finishTime;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JobRecord)) {
      return false;
    }
    JobRecord r = (JobRecord) o;
    return state == r.state && message.equals(r.message) && createTime == r.createTime
        && lastStartTime == r.lastStartTime && lastStopTime == r.lastStopTime && finishTime == r.finishTime;
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, message, createTime, lastStartTime, lastStopTime, finishTime);
  }

  @Override
  public String toString() {
    return "JobRecord{" + state + ", msg=" + message + "}";
  }
}
