package org.binlogload.connector.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.connector.job.JobSnapshot;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.SyncStatus;

/** Renders job snapshots in Prometheus's text exposition format (version 0.0.4). */
public final class PrometheusMetrics {
  /** The content type of the rendered text. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusMetrics() {
  }

  /** The metrics of {@code jobs}. */
  public static String render(List<JobSnapshot> all) {
    StringBuilder sb = new StringBuilder(1024);
    List<JobSnapshot> jobs = all.stream().filter(j -> j.state() != JobState.CANCELLED).toList();
    header(sb, "binlogload_up", "gauge", "1 while the job manager runs.");
    sb.append("binlogload_up 1\n");

    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0);
    }
    all.forEach(j -> counts.merge(j.state(), 1, Integer::sum)); // a stopped job is counted, its series are dropped
    header(sb, "binlogload_jobs", "gauge", "Sync jobs by state.");
    counts.forEach((s, n) -> sb.append("binlogload_jobs{state=\"").append(s).append("\"} ").append(n).append('\n'));

    header(sb, "binlogload_job_state", "gauge", "1 for the job's current state, 0 for the others.");
    for (JobSnapshot j : jobs) {
      for (JobState s : JobState.values()) {
        sb.append("binlogload_job_state{").append(jobLabels(j)).append(",state=\"").append(s).append("\"} ")
            .append(j.state() == s ? 1 : 0).append('\n');
      }
    }
    gauge(sb, jobs, "binlogload_job_rows_total", "counter", "Rows committed since the job started.",
        s -> s.totalRows());
    gauge(sb, jobs, "binlogload_job_rows_per_second", "gauge", "Recent throughput in rows per second.",
        s -> s.rowsPerSecond());
    gauge(sb, jobs, "binlogload_job_delay_milliseconds", "gauge",
        "Age of the oldest source change read but not yet committed to Doris (0 when caught up).",
        s -> s.delayMillis());
    gauge(sb, jobs, "binlogload_job_retrying", "gauge",
        "1 while the job waits to retry after a transient fault (Doris or MySQL unreachable), else 0.",
        s -> s.retrying() == null ? 0 : 1);
    gauge(sb, jobs, "binlogload_job_commit_rounds_total", "counter", "Commit rounds completed.",
        s -> s.commitRounds());
    gauge(sb, jobs, "binlogload_job_last_ddl_pause_seconds", "gauge",
        "How long the last DDL held rows back (commit the round before it, apply it to Doris, save the schema); "
            + "-1 before the first.", s -> s.lastDdlPauseMillis() < 0 ? -1 : s.lastDdlPauseMillis() / 1000.0);
    gauge(sb, jobs, "binlogload_job_errors_total", "counter", "Errors seen, retried or not.", s -> s.errors());
    gauge(sb, jobs, "binlogload_job_last_commit_timestamp_seconds", "gauge",
        "Wall-clock time of the last commit round.", s -> s.executeTimeMillis() / 1000.0);

    snapshot(sb, jobs);
    header(sb, "binlogload_table_rows_not_synced_total", "counter",
        "Rows of a source table the job does not sync (its CREATE TABLE was refused and skipped).");
    for (JobSnapshot j : jobs) {
      j.status().notSyncedRows().forEach((t, n) -> sb.append("binlogload_table_rows_not_synced_total{")
          .append(jobLabels(j)).append(",source=\"").append(escape(t)).append("\"} ").append(n).append('\n'));
    }
    channel(sb, jobs, "binlogload_channel_rows_total", "Rows committed into the channel's table.", ChannelStatus::rows);
    channel(sb, jobs, "binlogload_channel_bytes_total", "Bytes loaded into the channel's table.", ChannelStatus::bytes);
    channel(sb, jobs, "binlogload_channel_loads_total", "Stream loads committed for the channel.",
        ChannelStatus::loads);
    return sb.toString();
  }

  /** The initial snapshot's gauges; 0 for a job that is not copying (its phase is the stream). */
  private static void snapshot(StringBuilder sb, List<JobSnapshot> jobs) {
    gauge(sb, jobs, "binlogload_job_snapshot_running", "gauge", "1 while the job copies its tables, else 0.",
        s -> s.snapshot() == null ? 0 : 1);
    gauge(sb, jobs, "binlogload_job_snapshot_tables_done", "gauge", "Tables the running snapshot has copied.",
        s -> s.snapshot() == null ? 0 : s.snapshot().tablesDone());
    gauge(sb, jobs, "binlogload_job_snapshot_tables", "gauge", "Tables the running snapshot copies.",
        s -> s.snapshot() == null ? 0 : s.snapshot().tablesTotal());
    gauge(sb, jobs, "binlogload_job_snapshot_rows_copied", "gauge", "Rows the running snapshot has loaded.",
        s -> s.snapshot() == null ? 0 : s.snapshot().rowsCopied());
    gauge(sb, jobs, "binlogload_job_snapshot_rows_estimated", "gauge",
        "The source's row estimate of the tables the running snapshot copies.",
        s -> s.snapshot() == null ? 0 : s.snapshot().rowsEstimated());
    gauge(sb, jobs, "binlogload_job_snapshot_rows_per_second", "gauge", "Rows per second the snapshot loads.",
        s -> s.snapshot() == null ? 0 : s.snapshot().rowsPerSecond());
    gauge(sb, jobs, "binlogload_job_snapshot_eta_seconds", "gauge",
        "Seconds left of the running snapshot at its rate (-1 unknown).",
        s -> s.snapshot() == null ? 0 : s.snapshot().etaSeconds());
    gauge(sb, jobs, "binlogload_job_online_copy_running", "gauge",
        "1 while the job copies a table as it streams (ALTER SYNC JOB ADD or RESNAPSHOT), else 0.",
        s -> s.onlineCopy() == null ? 0 : 1);
    gauge(sb, jobs, "binlogload_job_online_copy_rows_copied", "gauge", "Rows the running online copy has loaded.",
        s -> s.onlineCopy() == null ? 0 : s.onlineCopy().rowsCopied());
    gauge(sb, jobs, "binlogload_job_online_copy_rows_estimated", "gauge",
        "The source's row estimate of the table the running online copy copies.",
        s -> s.onlineCopy() == null ? 0 : s.onlineCopy().rowsEstimated());
  }

  private interface Value {
    double of(SyncStatus s);
  }

  private interface ChannelValue {
    long of(ChannelStatus c);
  }

  private static void gauge(StringBuilder sb, List<JobSnapshot> jobs, String name, String type, String help, Value v) {
    header(sb, name, type, help);
    for (JobSnapshot j : jobs) {
      sb.append(name).append('{').append(jobLabels(j)).append("} ").append(number(v.of(j.status()))).append('\n');
    }
  }

  private static void channel(StringBuilder sb, List<JobSnapshot> jobs, String name, String help, ChannelValue v) {
    header(sb, name, "counter", help);
    for (JobSnapshot j : jobs) {
      for (ChannelStatus c : j.status().channels()) {
        sb.append(name).append('{').append(jobLabels(j)).append(",source=\"").append(escape(c.source()))
            .append("\",target=\"").append(escape(c.target())).append("\"} ").append(v.of(c)).append('\n');
      }
    }
  }

  private static void header(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String jobLabels(JobSnapshot j) {
    return "job=\"" + escape(j.definition().qualifiedName()) + "\",id=\"" + j.id() + "\"";
  }

  private static String number(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return String.valueOf((long) d);
    }
    return String.valueOf(d);
  }

  /** Escapes a label value: backslash, double quote and newline. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
