package org.binlogload.connector.job;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When a job commits a round, with Doris's property names and defaults, and the size of the in-process ring
 * of binlog events the commit thresholds must fit in.
 *
 * <p>A round commits when {@code sync_commit_interval_second} passed and at least one row is pending, or when
 * {@code min_sync_commit_size} events or {@code min_bytes_sync_commit} bytes are pending; it commits at once when
 * {@code max_bytes_sync_commit} bytes are pending. Doris's docs warn that thresholds above the ring size stall the
 * job (the receiver waits for more events than the un-acked ring can hold), so both minimums must stay below it.
 */
public final class CommitPolicy {
  /** Property name: seconds between commits at most. */
  public static final String INTERVAL_SECOND = "sync_commit_interval_second";
  /** Property name: events that trigger a commit. */
  public static final String MIN_SIZE = "min_sync_commit_size";
  /** Property name: bytes that trigger a commit. */
  public static final String MIN_BYTES = "min_bytes_sync_commit";
  /** Property name: bytes that force a commit at once. */
  public static final String MAX_BYTES = "max_bytes_sync_commit";
  /** Property name: entries of the event ring (Canal's {@code canal.instance.memory.buffer.size}). */
  public static final String RING_ENTRIES = "ring_entries";
  /** Property name: bytes of the event ring (Canal's buffer size times its memory unit). */
  public static final String RING_BYTES = "ring_bytes";
  /** The job properties a policy is made of. */
  public static final Set<String> PROPERTIES = Set.of(INTERVAL_SECOND, MIN_SIZE, MIN_BYTES, MAX_BYTES, RING_ENTRIES,
      RING_BYTES);
  /** The most entries a ring may have. */
  private static final long MAX_RING_ENTRIES = 1 << 30;

  /** The least heap a held ring entry costs besides its row data: the slot, the event and its position. */
  public static final int ENTRY_BYTES = 256;
  private static final CommitPolicy DEFAULTS = builder().build();

  private final long intervalSeconds;
  private final long minCommitSize;
  private final long minCommitBytes;
  private final long maxCommitBytes;
  private final int ringEntries;
  private final long ringBytes;

  private CommitPolicy(Builder b) {
    if (b.intervalSeconds <= 0) {
      throw new IllegalArgumentException(INTERVAL_SECOND + " <= 0");
    }
    if (b.minCommitSize <= 0) {
      throw new IllegalArgumentException(MIN_SIZE + " <= 0");
    }
    if (b.minCommitBytes <= 0) {
      throw new IllegalArgumentException(MIN_BYTES + " <= 0");
    }
    if (b.maxCommitBytes <= 0) {
      throw new IllegalArgumentException(MAX_BYTES + " <= 0");
    }
    if (b.ringEntries <= 0 || Integer.bitCount(b.ringEntries) != 1) {
      throw new IllegalArgumentException(RING_ENTRIES + " " + b.ringEntries + " is not a positive power of 2");
    }
    if (b.ringBytes <= 0) {
      throw new IllegalArgumentException(RING_BYTES + " <= 0");
    }
    if (b.maxCommitBytes < b.minCommitBytes) {
      throw new IllegalArgumentException(MAX_BYTES + " " + b.maxCommitBytes + " < " + MIN_BYTES + " "
          + b.minCommitBytes + "; raise " + MAX_BYTES + " or lower " + MIN_BYTES);
    }
    if (b.minCommitSize >= b.ringEntries) {
      throw new IllegalArgumentException(MIN_SIZE + " " + b.minCommitSize + " >= " + RING_ENTRIES + " "
          + b.ringEntries + ": the job would stall waiting for more events than the ring holds; set "
          + MIN_SIZE + " below " + b.ringEntries + " or raise " + RING_ENTRIES);
    }
    if (b.minCommitBytes >= b.ringBytes) {
      throw new IllegalArgumentException(MIN_BYTES + " " + b.minCommitBytes + " >= " + RING_BYTES + " "
          + b.ringBytes + ": the job would stall waiting for more bytes than the ring holds; set "
          + MIN_BYTES + " below " + b.ringBytes + " or raise " + RING_BYTES);
    }
    this.intervalSeconds = b.intervalSeconds;
    this.minCommitSize = b.minCommitSize;
    this.minCommitBytes = b.minCommitBytes;
    this.maxCommitBytes = b.maxCommitBytes;
    this.ringEntries = b.ringEntries;
    this.ringBytes = b.ringBytes;
  }

  /**
   * Doris's defaults: 10 s, 10000 events, 15 MiB, 64 MiB; a ring of 65536 entries and 24 MiB of heap, room for several
   * rounds (a round is cut at a quarter of the ring) so the parser reads ahead while a round loads.
   */
  public static CommitPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * The policy of job PROPERTIES: Doris's defaults for the keys not given; other keys are ignored. CREATE SYNC JOB
   * reads the same keys through {@link Builder#property}, so a saved job reads as it was created.
   *
   * @throws IllegalArgumentException naming the property when a value is not a positive integer or the values
   *     do not fit each other or the ring
   */
  public static CommitPolicy fromProperties(Map<String, String> properties) {
    Builder b = builder();
    properties.forEach((key, value) -> {
      if (PROPERTIES.contains(key)) {
        b.property(key, value);
      }
    });
    return b.build();
  }

  /**
   * Why this policy's ring does not fit a process whose heap is at most {@code maxHeapBytes}, or empty when it fits:
   * one job's ring may take a quarter of the heap, counting each entry at no less than {@value #ENTRY_BYTES} bytes.
   */
  public java.util.Optional<String> checkHeap(long maxHeapBytes) {
    long share = maxHeapBytes / 4;
    if (ringBytes > share) {
      return java.util.Optional.of(RING_BYTES + " " + ringBytes + " is more than a quarter of this process's heap ("
          + maxHeapBytes + " bytes), which every job shares: set " + RING_BYTES + " to at most " + share
          + " or give the process a larger heap (-Xmx, e.g. in BINLOG_LOAD_JAVA_OPTS)");
    }
    if ((long) ringEntries * ENTRY_BYTES > share) {
      long most = Long.highestOneBit(Math.max(1, share / ENTRY_BYTES));
      return java.util.Optional.of(RING_ENTRIES + " " + ringEntries + " needs at least " + (long) ringEntries
          * ENTRY_BYTES + " bytes, more than a quarter of this process's heap (" + maxHeapBytes + " bytes): set "
          + RING_ENTRIES + " to at most " + most + " or give the process a larger heap (-Xmx, e.g. in "
          + "BINLOG_LOAD_JAVA_OPTS)");
    }
    return java.util.Optional.empty();
  }

  /** A new builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code sync_commit_interval_second}. */
  public long intervalSeconds() {
    return intervalSeconds;
  }

  /** {@code min_sync_commit_size}: events. */
  public long minCommitSize() {
    return minCommitSize;
  }

  /** {@code min_bytes_sync_commit}. */
  public long minCommitBytes() {
    return minCommitBytes;
  }

  /** {@code max_bytes_sync_commit}. */
  public long maxCommitBytes() {
    return maxCommitBytes;
  }

  /** Entries of the event ring; a power of 2. */
  public int ringEntries() {
    return ringEntries;
  }

  /** Bytes of the event ring. */
  public long ringBytes() {
    return ringBytes;
  }

  /** A builder with this policy's values. */
  public Builder toBuilder() {
    return builder().intervalSeconds(intervalSeconds).minCommitSize(minCommitSize).minCommitBytes(minCommitBytes)
        .maxCommitBytes(maxCommitBytes).ringEntries(ringEntries).ringBytes(ringBytes);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CommitPolicy)) {
      return false;
    }
    CommitPolicy c = (CommitPolicy) o;
    return intervalSeconds == c.intervalSeconds && minCommitSize == c.minCommitSize
        && minCommitBytes == c.minCommitBytes && maxCommitBytes == c.maxCommitBytes
        && ringEntries == c.ringEntries && ringBytes == c.ringBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(intervalSeconds, minCommitSize, minCommitBytes, maxCommitBytes, ringEntries, ringBytes);
  }

  @Override
  public String toString() {
    return INTERVAL_SECOND + "=" + intervalSeconds + ", " + MIN_SIZE + "=" + minCommitSize + ", " + MIN_BYTES + "="
        + minCommitBytes + ", " + MAX_BYTES + "=" + maxCommitBytes + ", " + RING_ENTRIES + "=" + ringEntries + ", "
        + RING_BYTES + "=" + ringBytes;
  }

  /** Builds a {@link CommitPolicy}; {@link #build()} checks the values against each other and the ring. */
  public static final class Builder {
    private long intervalSeconds = 10;
    private long minCommitSize = 10_000;
    private long minCommitBytes = 15L * 1024 * 1024;
    private long maxCommitBytes = 64L * 1024 * 1024;
    private int ringEntries = 65_536;
    private long ringBytes = 24L * 1024 * 1024;

    private Builder() {
    }

    /** {@code sync_commit_interval_second}. */
    public Builder intervalSeconds(long v) {
      this.intervalSeconds = v;
      return this;
    }

    /** {@code min_sync_commit_size}. */
    public Builder minCommitSize(long v) {
      this.minCommitSize = v;
      return this;
    }

    /** {@code min_bytes_sync_commit}. */
    public Builder minCommitBytes(long v) {
      this.minCommitBytes = v;
      return this;
    }

    /** {@code max_bytes_sync_commit}. */
    public Builder maxCommitBytes(long v) {
      this.maxCommitBytes = v;
      return this;
    }

    /** Entries of the event ring. */
    public Builder ringEntries(int v) {
      this.ringEntries = v;
      return this;
    }

    /** Bytes of the event ring. */
    public Builder ringBytes(long v) {
      this.ringBytes = v;
      return this;
    }

    /**
     * Sets the property {@code key} (one of {@link #PROPERTIES}) from its value as written: a positive integer.
     *
     * @throws IllegalArgumentException naming the property and its value when it is not one
     */
    public Builder property(String key, String text) {
      long v = PropertyValues.positive(key, text);
      switch (key) {
        case INTERVAL_SECOND -> intervalSeconds(v);
        case MIN_SIZE -> minCommitSize(v);
        case MIN_BYTES -> minCommitBytes(v);
        case MAX_BYTES -> maxCommitBytes(v);
        case RING_ENTRIES -> {
          if (v > MAX_RING_ENTRIES) {
            throw new IllegalArgumentException(key + " " + v + " > " + MAX_RING_ENTRIES);
          }
          ringEntries((int) v);
        }
        case RING_BYTES -> ringBytes(v);
        default -> throw new IllegalArgumentException(key + " is not one of " + PROPERTIES);
      }
      return this;
    }

    /** The policy. */
    public CommitPolicy build() {
      return new CommitPolicy(this);
    }
  }
}
