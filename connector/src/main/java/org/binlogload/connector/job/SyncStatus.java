package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A snapshot of a job's progress: committed position, delay, last round time and per-channel counters. */
public final class SyncStatus {
  private static final SyncStatus EMPTY = builder().build();

  private final String position;
  private final String gtid;
  private final long delayMillis;
  private final long executeTimeMillis;
  private final List<ChannelStatus> channels;
  private final double rowsPerSecond;
  private final long totalRows;
  private final long commitRounds;
  private final long errors;
  private final String retrying;
  private final java.util.Map<String, String> notSynced;
  private final java.util.Map<String, Long> notSyncedRows;
  private final SnapshotStatus snapshot;
  private final OnlineCopy onlineCopy;
  private final long lastDdlPauseMillis;

  private SyncStatus(Builder b) {
    this.position = b.position;
    this.gtid = b.gtid;
    this.delayMillis = b.delayMillis;
    this.executeTimeMillis = b.executeTimeMillis;
    this.channels = List.copyOf(b.channels);
    this.rowsPerSecond = b.rowsPerSecond;
    this.totalRows = b.totalRows;
    this.commitRounds = b.commitRounds;
    this.errors = b.errors;
    this.retrying = b.retrying;
    this.notSynced = java.util.Map.copyOf(b.notSynced);
    this.notSyncedRows = java.util.Map.copyOf(b.notSyncedRows);
    this.snapshot = b.snapshot;
    this.onlineCopy = b.onlineCopy;
    this.lastDdlPauseMillis = b.lastDdlPauseMillis;
  }

  /** The status of a job that has read nothing yet. */
  public static SyncStatus empty() {
    return EMPTY;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The committed binlog position ({@code file:offset[#row]}), or null before the first commit. */
  public String position() {
    return position;
  }

  /** The committed GTID set, or null. */
  public String gtid() {
    return gtid;
  }

  /** Event time of the last committed event to now, in milliseconds. */
  public long delayMillis() {
    return delayMillis;
  }

  /** Wall-clock time of the last commit round (epoch milliseconds), or 0. */
  public long executeTimeMillis() {
    return executeTimeMillis;
  }

  /** Per-channel counters. */
  public List<ChannelStatus> channels() {
    return channels;
  }

  /** Recent throughput in rows per second. */
  public double rowsPerSecond() {
    return rowsPerSecond;
  }

  /** Rows committed since the job started. */
  public long totalRows() {
    return totalRows;
  }

  /** Commit rounds completed. */
  public long commitRounds() {
    return commitRounds;
  }

  /** Errors seen (retried or not). */
  public long errors() {
    return errors;
  }

  /** Source tables the job does not sync (a skipped CREATE TABLE), each with its reason and dropped rows. */
  public java.util.Map<String, String> notSynced() {
    return notSynced;
  }

  /** Rows dropped per source table not synced. */
  public java.util.Map<String, Long> notSyncedRows() {
    return notSyncedRows;
  }

  /** The initial snapshot's progress while it runs, else null (the job streams the binlog, or has not started). */
  public SnapshotStatus snapshot() {
    return snapshot;
  }

  /** A table being copied while the job streams (ALTER SYNC JOB ADD or RESNAPSHOT), or null. */
  public OnlineCopy onlineCopy() {
    return onlineCopy;
  }

  /** The copy of {@code table} while the job streams: rows loaded so far and the source's estimate. */
  public record OnlineCopy(String table, long rowsCopied, long rowsEstimated) {
    /** {@code copying:db.table rows:n/~m}, as SHOW SYNC JOB's Status prints it. */
    public String describe() {
      return "copying:" + table + " rows:" + rowsCopied + "/~" + rowsEstimated;
    }
  }

  /** {@code snapshot} while the initial snapshot runs, else {@code stream}. */
  public String phase() {
    return snapshot == null ? "stream" : "snapshot";
  }

  /** Why the job waits to retry after a transient fault ({@code "retrying in 40 s (attempt 7): ..."}), or null. */
  public String retrying() {
    return retrying;
  }

  /** How long the last DDL held rows back in the barrier (commit, apply, save), milliseconds; -1 before the first. */
  public long lastDdlPauseMillis() {
    return lastDdlPauseMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SyncStatus)) {
      return false;
    }
    SyncStatus s = (SyncStatus) o;
    return Objects.equals(position, s.position) && Objects.equals(gtid, s.gtid) && delayMillis == s.delayMillis
        && executeTimeMillis == s.executeTimeMillis && channels.equals(s.channels)
        && Double.compare(rowsPerSecond, s.rowsPerSecond) == 0 && totalRows == s.totalRows
        && commitRounds == s.commitRounds && errors == s.errors;
  }

  @Override
  public int hashCode() {
    return Objects.hash(position, gtid, delayMillis, executeTimeMillis, channels, totalRows, commitRounds);
  }

  @Override
  public String toString() {
    return "SyncStatus{position=" + position + ", gtid=" + gtid + ", delay=" + delayMillis + "ms, executeTime="
        + executeTimeMillis + ", rows=" + totalRows + ", rowsPerSecond=" + rowsPerSecond + ", commitRounds="
        + commitRounds + ", errors=" + errors + ", channels=" + channels + "}";
  }

  /** Builds a {@link SyncStatus}. */
  public static final class Builder {
    private String position;
    private String gtid;
    private long delayMillis;
    private long executeTimeMillis;
    private final List<ChannelStatus> channels = new ArrayList<>();
    private double rowsPerSecond;
    private long totalRows;
    private long commitRounds;
    private long errors;
    private String retrying;
    private java.util.Map<String, String> notSynced = java.util.Map.of();
    private java.util.Map<String, Long> notSyncedRows = java.util.Map.of();
    private SnapshotStatus snapshot;
    private OnlineCopy onlineCopy;
    private long lastDdlPauseMillis = -1;

    private Builder() {
    }

    /** How long the last DDL held rows back, milliseconds; -1 before the first. */
    public Builder lastDdlPauseMillis(long millis) {
      this.lastDdlPauseMillis = millis;
      return this;
    }

    /** The committed position. */
    public Builder position(String position) {
      this.position = position;
      return this;
    }

    /** The committed GTID set. */
    public Builder gtid(String gtid) {
      this.gtid = gtid;
      return this;
    }

    /** The delay in milliseconds. */
    public Builder delayMillis(long delayMillis) {
      this.delayMillis = delayMillis;
      return this;
    }

    /** The time of the last commit round, epoch milliseconds. */
    public Builder executeTimeMillis(long executeTimeMillis) {
      this.executeTimeMillis = executeTimeMillis;
      return this;
    }

    /** Adds a channel's counters. */
    public Builder addChannel(ChannelStatus channel) {
      this.channels.add(Objects.requireNonNull(channel, "channel"));
      return this;
    }

    /** Replaces the channels' counters. */
    public Builder channels(List<ChannelStatus> channels) {
      this.channels.clear();
      channels.forEach(this::addChannel);
      return this;
    }

    /** Rows per second. */
    public Builder rowsPerSecond(double rowsPerSecond) {
      this.rowsPerSecond = rowsPerSecond;
      return this;
    }

    /** Rows committed. */
    public Builder totalRows(long totalRows) {
      this.totalRows = totalRows;
      return this;
    }

    /** The source tables not synced, with reasons. */
    public Builder notSynced(java.util.Map<String, String> tables) {
      this.notSynced = tables;
      return this;
    }

    /** Rows dropped per source table not synced. */
    public Builder notSyncedRows(java.util.Map<String, Long> rows) {
      this.notSyncedRows = rows;
      return this;
    }

    /** The table copied while the job streams, or null. */
    public Builder onlineCopy(OnlineCopy copy) {
      this.onlineCopy = copy;
      return this;
    }

    /** The running snapshot's progress, or null. */
    public Builder snapshot(SnapshotStatus snapshot) {
      this.snapshot = snapshot;
      return this;
    }

    /** Why the job waits to retry, or null when it is not retrying. */
    public Builder retrying(String retrying) {
      this.retrying = retrying;
      return this;
    }

    /** Commit rounds completed. */
    public Builder commitRounds(long commitRounds) {
      this.commitRounds = commitRounds;
      return this;
    }

    /** Errors seen. */
    public Builder errors(long errors) {
      this.errors = errors;
      return this;
    }

    /** The status. */
    public SyncStatus build() {
      return new SyncStatus(this);
    }
  }
}
