package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALTER SYNC JOB ADD, DROP and RESNAPSHOT on a job: ADD and DROP change its channels (saved, then the job restarts
 * with them as after any ALTER); ADD and RESNAPSHOT ask the job to copy tables while it runs ({@link CopyRequests}).
 */
final class TableAlteration {
  private static final Logger LOG = LoggerFactory.getLogger(TableAlteration.class);

  private TableAlteration() {}

  /** Applies {@code s} to {@code job}; the answer the client prints. */
  static String run(Statement.AlterSyncJobTables s, ManagedJob job, JobStore store, JobRunner runner) {
    JobDefinition before = job.def;
    String name = before.qualifiedName();
    if (s.action() == Statement.TableAction.RESNAPSHOT) {
      for (String t : s.tables()) {
        if (bound(before, t) == null) {
          throw new IllegalArgumentException("sync job " + name + " does not sync " + t + "; RESNAPSHOT takes "
              + "tables it syncs: " + sources(before));
        }
      }
      CopyRequests.add(store.engineScope(job.id), s.tables());
      LOG.info("sync job {}: re-snapshot of {} asked for", job.label(), s.tables());
      return "sync job " + name + " copies " + String.join(", ", s.tables()) + " again while it runs"
          + (job.state() == JobState.RUNNING ? "" : " (from RESUME on)") + "; SHOW SYNC JOB shows the copy";
    }
    JobDefinition.Builder after = before.toBuilder().channels(List.of());
    List<String> changed = new ArrayList<>();
    if (s.action() == Statement.TableAction.ADD) {
      for (ChannelSpec c : before.channels()) {
        after.addChannel(c);
      }
      for (ChannelSpec c : s.channels()) {
        String t = c.sourceSchema() + "." + c.sourceTable();
        ChannelSpec has = bound(before, t);
        if (has != null) {
          throw new IllegalArgumentException("sync job " + name + " already syncs " + t + " (" + has + "); to "
              + "copy it again, ALTER SYNC JOB " + name + " RESNAPSHOT (" + t + ")");
        }
        after.addChannel(c);
        changed.add(t);
      }
      CopyRequests.add(store.engineScope(job.id), changed); // before the channels exist: a crash in between is harmless
    } else {
      for (ChannelSpec c : before.channels()) {
        if (s.tables().contains(c.sourceSchema() + "." + c.sourceTable()) && !c.isWholeDatabase()) {
          changed.add(c.target());
        } else {
          after.addChannel(c);
        }
      }
      for (String t : s.tables()) {
        ChannelSpec has = bound(before, t);
        if (has == null || has.isWholeDatabase()) {
          throw new IllegalArgumentException("sync job " + name + (has == null ? " does not sync " + t
              : " syncs " + t + " through " + has + ", not a channel of its own") + "; DROP takes channels: "
              + sources(before));
        }
      }
      if (changed.size() == before.channels().size()) {
        throw new IllegalArgumentException("DROP would leave sync job " + name + " without channels; to end the "
            + "job, STOP SYNC JOB " + name);
      }
    }
    JobDefinition next = after.build();
    store.saveDefinition(job.id, next);
    job.def = next;
    LOG.info("altered sync job {}: {} {}", job.label(), s.action(), changed);
    String done = s.action() == Statement.TableAction.ADD
        ? "added " + String.join(", ", changed) + " to sync job " + name + "; each is copied while the job runs, "
            + "then follows the binlog"
        : "dropped " + String.join(", ", s.tables()) + " from sync job " + name + "; the Doris tables ("
            + String.join(", ", changed) + ") are kept as they are";
    return runner.restart(job) ? done : done + " (from RESUME on)";
  }

  /** The channel of {@code db.table} in {@code def} (its own, or its database's), or null. */
  private static ChannelSpec bound(JobDefinition def, String table) {
    int dot = table.indexOf('.');
    for (ChannelSpec c : def.channels()) {
      if (c.sourceSchema().equals(table.substring(0, dot))
          && (c.isWholeDatabase() || c.sourceTable().equals(table.substring(dot + 1)))) {
        return c;
      }
    }
    return null;
  }

  private static List<String> sources(JobDefinition def) {
    return def.channels().stream().map(ChannelSpec::source).toList();
  }
}
