package org.binlogload.connector.job;

import java.util.Objects;

/** A parsed sync statement: CREATE, PAUSE, RESUME (optionally skipping a refused DDL), STOP or SHOW SYNC JOB. */
public sealed interface Statement
    permits Statement.CreateSyncJob, Statement.PauseSyncJob, Statement.ResumeSyncJob, Statement.StopSyncJob,
    Statement.ShowSyncJob {

  /** Dispatches on the statement's kind. */
  <R> R accept(Visitor<R> visitor);

  /** One method per statement kind. */
  interface Visitor<R> {
    /** CREATE SYNC JOB. */
    R visit(CreateSyncJob s);

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
