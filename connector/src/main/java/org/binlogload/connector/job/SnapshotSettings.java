package org.binlogload.connector.job;

import java.util.Map;

/**
 * The job PROPERTIES of the initial snapshot: {@code snapshot_parallelism} source connections (default 4) copying
 * chunks of {@code snapshot_chunk_size} rows (default 8096) each.
 *
 * @param parallelism workers, each with its own source connection
 * @param chunkSize rows per chunk (one SELECT, one Stream Load)
 */
public record SnapshotSettings(int parallelism, int chunkSize) {
  /** The property naming the snapshot's connections. */
  public static final String PARALLELISM = "snapshot_parallelism";
  /** The property ("true"; default "false") making a job whose binlog position was purged copy every table again. */
  public static final String RESNAPSHOT_ON_PURGE = "resnapshot_on_purge";
  /** The property naming the rows of one chunk. */
  public static final String CHUNK_SIZE = "snapshot_chunk_size";
  /** Four connections: enough to keep a Stream Load in flight while others read, light on a production source. */
  public static final int DEFAULT_PARALLELISM = 4;
  /** Flink CDC's and Doris Streaming Job's chunk size. */
  public static final int DEFAULT_CHUNK_SIZE = 8096;
  /** More connections than this would crowd the source's max_connections for little gain. */
  static final int MAX_PARALLELISM = 64;
  /** A chunk is streamed, but one chunk is one transaction on the source: keep it bounded. */
  static final int MAX_CHUNK_SIZE = 10_000_000;

  /** The settings a job's {@code properties} give, defaults for those absent. */
  public static SnapshotSettings of(Map<String, String> properties) {
    return new SnapshotSettings(value(properties, PARALLELISM, DEFAULT_PARALLELISM, MAX_PARALLELISM),
        value(properties, CHUNK_SIZE, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE));
  }

  /** Whether {@code properties} ask a job to copy every table again when its binlog position was purged. */
  public static boolean resnapshotOnPurge(Map<String, String> properties) {
    return Boolean.parseBoolean(properties.getOrDefault(RESNAPSHOT_ON_PURGE, "false").trim());
  }

  /** Checks {@code text} as the value of {@code key}; the message names the property, the value and the range. */
  static int check(String key, String text) {
    long v = PropertyValues.positive(key, text);
    int max = PARALLELISM.equals(key) ? MAX_PARALLELISM : MAX_CHUNK_SIZE;
    if (v > max) {
      throw new IllegalArgumentException(key + " is \"" + text.trim() + "\"; it must be between 1 and " + max);
    }
    return (int) v;
  }

  private static int value(Map<String, String> properties, String key, int dflt, int max) {
    String v = properties.get(key);
    return v == null ? dflt : check(key, v);
  }
}
