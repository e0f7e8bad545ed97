package org.binlogload.connector.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source tables of a whole-database job that are not synced (no key, a CREATE TABLE the user skipped, renamed
 * across the mapping's INCLUDE/EXCLUDE set), with the reason and the rows dropped since: shown in SHOW SYNC JOB and
 * the metrics, never silent.
 */
final class NotSynced {
  private static final Logger LOG = LoggerFactory.getLogger(NotSynced.class);
  private static final long WARN_EVERY_MILLIS = 10 * 60_000;

  private final String job;
  private final Map<String, String> reasons = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
  private final Map<String, Long> lastWarn = new ConcurrentHashMap<>();

  NotSynced(String job) {
    this.job = job;
  }

  /** Marks {@code table} ({@code db.tbl}) as not synced, for {@code reason}. */
  void add(String table, String reason) {
    reasons.put(table, reason);
    LOG.warn("job {}: source table {} is NOT synced: {}", job, table, reason);
  }

  /** Forgets {@code table} (it has a channel again). */
  void remove(String table) {
    if (reasons.remove(table) != null) {
      LOG.info("job {}: source table {} is synced again", job, table);
    }
  }

  /** Whether {@code table} is marked not synced. */
  boolean contains(String table) {
    return reasons.containsKey(table);
  }

  /** Counts a row of a table that is not synced, with a WARN now and then. */
  void droppedRow(String table, long nowMillis) {
    long n = dropped.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
    Long last = lastWarn.get(table);
    if (last == null || nowMillis - last >= WARN_EVERY_MILLIS) {
      lastWarn.put(table, nowMillis);
      LOG.warn("job {}: rows of {} are not synced ({} so far): {}", job, table, n, reasons.get(table));
    }
  }

  /** Each table not synced, with its reason and the rows dropped: {@code "reason; N rows not synced"}. */
  Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    reasons.forEach((t, r) -> out.put(t, r + "; " + rows(t) + " rows not synced"));
    return out;
  }

  /** Rows dropped since the job started, per table not synced. */
  Map<String, Long> rows() {
    Map<String, Long> out = new LinkedHashMap<>();
    reasons.keySet().forEach(t -> out.put(t, rows(t)));
    return out;
  }

  /** Rows of {@code table} dropped since the job started. */
  long rows(String table) {
    AtomicLong n = dropped.get(table);
    return n == null ? 0 : n.get();
  }

  /** The reasons, to persist. */
  Map<String, String> reasons() {
    return Map.copyOf(reasons);
  }
}
