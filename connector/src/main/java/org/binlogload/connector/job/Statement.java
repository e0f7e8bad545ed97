package org.binlogload.connector.job;

import java.util.Map;
import java.util.Objects;

/** A parsed sync statement: CREATE, ALTER, PAUSE, RESUME (optionally skipping a refused DDL), STOP or SHOW SYNC JOB. */
public sealed interface Statement
    permits Statement.CreateSyncJob, Statement.AlterSyncJob, Statement.AlterSyncJobTables, Statement.PauseSyncJob,
    Statement.ResumeSyncJob, Statement.StopSyncJob, Statement.ShowSyncJob {

  /** Dispatches on the statement's kind. */
  <R> R accept(Visitor<R> visitor);

  /** One method per statement kind. */
  interface Visitor<R> {
    /** CREATE SYNC JOB. */
    R visit(CreateSyncJob s);

    /** ALTER SYNC JOB. */
    R visit(AlterSyncJob s);

    /** ALTER SYNC JOB ... ADD | DROP | RESNAPSHOT (...). */
    R visit(AlterSyncJobTables s);

    /** PAUSE SYNC JOB. */
    R visit(PauseSyncJob s);

    /** RESUME SYNC JOB [SKIP DDL AT "position"]. */
    R visit(ResumeSyncJob s);

    /** STOP SYNC JOB. */
    R visit(StopSyncJob s);

    /** SHOW SYNC JOB [FROM db]. */
    R visit(ShowSyncJob s);
  }

  /** {@code CREATE SYNC JOB [db.]name (...) FROM BINLOG (...) [PROPERTIES (...)]}. */
  record CreateSyncJob(JobDefinition definition) implements Statement {
    /** Checks the definition is present. */
    public CreateSyncJob {
      Objects.requireNonNull(definition, "definition");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * {@code ALTER SYNC JOB [db.]name [FROM BINLOG (...)] [PROPERTIES (...)]}: {@code source} holds the new
   * {@code mysql.*} values (the credentials), {@code properties} the job properties to set; never print it whole.
   */
  record AlterSyncJob(String database, String name, Map<String, String> source, Map<String, String> properties)
      implements Statement {
    /** Copies the maps. */
    public AlterSyncJob {
      source = Map.copyOf(source);
      properties = Map.copyOf(properties);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    /** The statement with every value of {@code mysql.password} masked. */
    @Override
    public String toString() {
      Map<String, String> shown = new java.util.TreeMap<>(source);
      shown.computeIfPresent(SyncStatements.PASSWORD, (k, v) -> "******");
      return "AlterSyncJob[" + database + "." + name + ", source=" + shown + ", properties=" + properties + "]";
    }
  }

  /**
   * {@code ALTER SYNC JOB [db.]name ADD (FROM src.t INTO t, ...)}, {@code ... DROP (FROM src.t, ...)} or
   * {@code ... RESNAPSHOT (src.t, ...)}: {@code channels} are the channels to add, {@code tables} the source tables
   * ({@code db.table}) to drop or copy again.
   */
  record AlterSyncJobTables(String database, String name, TableAction action, java.util.List<ChannelSpec> channels,
      java.util.List<String> tables) implements Statement {
    /** Copies the lists. */
    public AlterSyncJobTables {
      Objects.requireNonNull(action, "action");
      channels = java.util.List.copyOf(channels);
      tables = java.util.List.copyOf(tables);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** What ALTER SYNC JOB does to tables of a job. */
  enum TableAction { ADD, DROP, RESNAPSHOT }

  /** {@code PAUSE SYNC JOB [db.]name}. */
  record PauseSyncJob(String database, String name) implements Statement {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** {@code RESUME SYNC JOB [db.]name [SKIP DDL AT "position"]}; {@code skipDdlAt} is null without SKIP. */
  record ResumeSyncJob(String database, String name, String skipDdlAt) implements Statement {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** {@code STOP SYNC JOB [db.]name}. */
  record StopSyncJob(String database, String name) implements Statement {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** {@code SHOW SYNC JOB [FROM db]}; {@code database} is null for every database. */
  record ShowSyncJob(String database) implements Statement {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }
}
