package org.binlogload.connector.job;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** SHOW SYNC JOB's table: Doris's twelve columns, one row per job, times in the manager's zone, no password. */
final class ShowSyncJob {
  /** The columns, as Doris names them. */
  static final List<String> COLUMNS = List.of("JobId", "JobName", "Type", "State", "Channel", "Status",
      "JobConfig", "CreateTime", "LastStartTime", "LastStopTime", "FinishTime", "Msg");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final ZoneId zone;

  ShowSyncJob(ZoneId zone) {
    this.zone = zone;
  }

  /** The row of {@code job} with its live {@code status}. */
  List<String> row(ManagedJob job, SyncStatus status) {
    JobRecord r = job.record;
    return List.of(String.valueOf(job.id), job.def.name(), "MYSQL", r.state().name(),
        job.def.channels().stream().map(ChannelSpec::toString).collect(Collectors.joining(", ")),
        statusText(status), jobConfig(job.def), time(r.createTime()), time(r.lastStartTime()),
        time(r.lastStopTime()), time(r.finishTime()), r.message());
  }

  private String time(long millis) {
    if (millis == JobRecord.NONE) {
      return "N/A";
    }
    return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  private String statusText(SyncStatus s) {
    StringBuilder sb = new StringBuilder("phase:").append(s.phase()).append(", ");
    if (s.snapshot() != null) {
      sb.append(s.snapshot().describe()).append(", ");
    }
    if (s.onlineCopy() != null) {
      sb.append(s.onlineCopy().describe()).append(", ");
    }
    sb.append("position:").append(s.position() == null ? "N/A" : s.position())
        .append(", executeTime:[").append(s.executeTimeMillis() <= 0 ? "N/A" : time(s.executeTimeMillis()))
        .append("], delay:").append(s.delayMillis()).append("ms");
    if (s.lastDdlPauseMillis() >= 0) {
      sb.append(", lastDdlPause:").append(s.lastDdlPauseMillis()).append("ms");
    }
    if (s.gtid() != null && !s.gtid().isEmpty()) {
      sb.append(", gtid(").append(s.gtid()).append(')');
    }
    s.notSynced().forEach((t, why) -> sb.append(", NOT SYNCED ").append(t).append(": ").append(why));
    return sb.toString();
  }

  /** The job's configuration for SHOW SYNC JOB, without the password. */
  static String jobConfig(JobDefinition def) {
    SourceSpec s = def.source();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("address", s.host() + ":" + s.port());
    m.put("user", s.user());
    m.put("serverId", s.serverId().isPresent() ? String.valueOf(s.serverId().getAsLong()) : "auto");
    m.put("startPosition", s.startPosition());
    m.putAll(def.properties());
    return m.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(", "));
  }
}
