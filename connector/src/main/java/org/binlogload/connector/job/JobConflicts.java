package org.binlogload.connector.job;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that keep active jobs apart: one per name, one per MySQL server and schema, one per {@code mysql.server_id}
 * on a server, and one per Doris target table (or whole target database).
 */
final class JobConflicts {
  private JobConflicts() {
  }

  /**
   * Checks a new job against {@code jobs}.
   *
   * @throws JobValidationException naming the job it conflicts with and what to do
   */
  static void check(JobDefinition def, Collection<ManagedJob> jobs) {
    Optional<ManagedJob> same = jobs.stream().filter(j -> j.isActive(def.database(), def.name())).findFirst();
    if (same.isPresent()) {
      throw new JobValidationException("sync job " + def.qualifiedName() + " already exists (id " + same.get().id
          + ", " + same.get().state() + "); STOP SYNC JOB " + def.qualifiedName()
          + " first or choose another name");
    }
    for (ManagedJob other : jobs) {
      if (other.state() != JobState.CANCELLED) {
        checkSource(def, other);
        checkTargets(def, other);
      }
    }
  }

  private static void checkSource(JobDefinition def, ManagedJob other) {
    SourceSpec src = def.source();
    SourceSpec os = other.def.source();
    if (!os.host().equalsIgnoreCase(src.host()) || os.port() != src.port()) {
      return;
    }
    for (ChannelSpec c : other.def.channels()) {
      if (def.channels().stream().anyMatch(o -> o.sourceSchema().equals(c.sourceSchema())
          || c.isSchemaPattern() && c.coversSchema(o.sourceSchema())
          || o.isSchemaPattern() && o.coversSchema(c.sourceSchema()))) {
        throw new JobValidationException("sync job " + other.label() + " already reads schema "
            + c.sourceSchema() + " from " + src.host() + ":" + src.port() + "; one job per MySQL server "
            + "and schema set: STOP it and create one job with all the channels");
      }
    }
    if (src.serverId().isPresent() && src.serverId().equals(os.serverId())) {
      throw new JobValidationException("mysql.server_id " + src.serverId().getAsLong() + " is already used by "
          + "sync job " + other.label() + " on " + src.host() + ":" + src.port() + "; choose another");
    }
  }

  private static void checkTargets(JobDefinition def, ManagedJob other) {
    Set<String> targets = new HashSet<>();
    for (ChannelSpec c : other.def.channels()) {
      targets.add(c.isWholeDatabase() ? c.targetDatabase() + ".*" : c.target());
    }
    for (ChannelSpec c : def.channels()) {
      boolean clash = targets.contains(c.isWholeDatabase() ? c.targetDatabase() + ".*" : c.target())
          || targets.contains(c.targetDatabase() + ".*")
          || (c.isWholeDatabase() && other.def.channels().stream()
              .anyMatch(o -> o.targetDatabase().equals(c.targetDatabase())));
      if (clash) {
        throw new JobValidationException("target " + c.target() + " is already loaded by sync job "
            + other.label() + "; a Doris table takes one source: choose another target");
      }
    }
  }

  /** Whether {@code existing} was created from {@code def} (a {@code latest} start was fixed at creation). */
  static boolean sameJob(JobDefinition existing, JobDefinition def) {
    if (existing.equals(def)) {
      return true;
    }
    return SourceSpec.LATEST.equals(def.source().startPosition()) && existing.toBuilder()
        .source(existing.source().toBuilder().startPosition(SourceSpec.LATEST).build()).build().equals(def);
  }
}
