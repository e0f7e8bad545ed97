package org.binlogload.connector.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.binlogload.canal.BinlogException;
import org.binlogload.connector.job.SnapshotSettings;
import org.binlogload.connector.snapshot.SourceConnections;

/**
 * The pause message of a job whose binlog position was purged on the source (error 1236): the position, the oldest
 * binlog the server still has, and the fix (re-snapshot the job's tables, or a new job).
 */
final class PurgedBinlog {
  private final String job;
  private final SourceConnections source;
  private final JobTables tables;
  private final Supplier<String> resumesFrom;

  /**
   * For job {@code job} ({@code db.name}) reading through {@code source} (null: the oldest binlog is not looked up),
   * {@code resumesFrom} telling where it resumes.
   */
  PurgedBinlog(String job, SourceConnections source, JobTables tables, Supplier<String> resumesFrom) {
    this.job = job;
    this.source = source;
    this.tables = tables;
    this.resumesFrom = resumesFrom;
  }

  /** The purge messages of the job {@code b} builds. */
  static PurgedBinlog of(SyncJobBuilder b, String job, JobTables tables, ProgressStore progress) {
    return new PurgedBinlog(job, b.snapshotSource, tables, () -> resumesFrom(progress, b.definition.source(),
        b.state));
  }

  /** Where a job's binlog reading resumes: its committed position, else the snapshot's W0 or its start position. */
  static String resumesFrom(ProgressStore progress, org.binlogload.connector.job.SourceSpec source,
      org.binlogload.connector.state.StateStore state) {
    org.binlogload.canal.BinlogPosition c = progress.current().committed();
    if (c != null) {
      return c.toString();
    }
    return source.snapshots() ? SnapshotPhase.handover(state).orElse("the snapshot's start") : source.startPosition();
  }

  /** The pause message when {@code e} says the binlog position was purged, else empty. */
  Optional<String> pauseMessage(Throwable e) {
    BinlogException purged = null;
    for (Throwable c = e; c != null && purged == null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof BinlogException b && b.reason() == BinlogException.Reason.POSITION_PURGED) {
        purged = b;
      }
    }
    if (purged == null) {
      return Optional.empty();
    }
    Set<String> sources = new LinkedHashSet<>();
    for (Channel ch : tables.channels()) {
      sources.add(ch.source());
    }
    String list = sources.isEmpty() ? "<tables>" : String.join(", ", sources);
    return Optional.of("job " + job + " cannot resume: the binlog position it resumes from, " + resumesFrom.get()
        + ", is no longer on the source " + oldest() + " (binlog reader: " + serverSaid(purged) + "). The changes "
        + "since are gone from the binlog, so its tables (" + list + ") must be copied again. To fix: ALTER SYNC JOB "
        + job + " PROPERTIES (\"" + SnapshotSettings.RESNAPSHOT_ON_PURGE + "\" = \"true\"), then RESUME SYNC JOB "
        + job + ": the job copies them again from the source's current position and follows the binlog from there "
        + "(RESNAPSHOT alone cannot, since the reader cannot start); or create a new job for them (its initial "
        + "snapshot copies them). To keep binlogs longer, raise the source's "
        + "binlog_expire_logs_seconds (expire_logs_days)");
  }

  /** {@code host:port, whose oldest binlog is mysql-bin.000007}, or why that is unknown. */
  private String oldest() {
    if (source == null) {
      return "server";
    }
    try (Connection c = source.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
      return source.describe() + " (its oldest binlog is " + (rs.next() ? rs.getString(1) : "none") + ")";
    } catch (SQLException ex) {
      return source.describe() + " (SHOW BINARY LOGS failed: " + ex.getMessage() + ")";
    }
  }

  /** The server's own words: the deepest message in the cause chain. */
  private static String serverSaid(BinlogException b) {
    String said = b.getMessage();
    for (Throwable c = b.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null) {
        said = c.getMessage();
      }
    }
    return said;
  }
}
