package org.binlogload.connector.job;

/** Applies each kind of parsed statement to a {@link JobManager} and words what it did, as SHOW and clients print it. */
final class StatementRunner implements Statement.Visitor<StatementResult> {
  private final JobManager jobs;

  StatementRunner(JobManager jobs) {
    this.jobs = jobs;
  }

  @Override
  public StatementResult visit(Statement.CreateSyncJob s) {
    long id = jobs.create(s.definition());
    return StatementResult.message("created sync job " + s.definition().qualifiedName() + " with id " + id);
  }

  @Override
  public StatementResult visit(Statement.AlterSyncJob s) {
    return StatementResult.message(jobs.alter(s));
  }

  @Override
  public StatementResult visit(Statement.AlterSyncJobTables s) {
    return StatementResult.message(jobs.alterTables(s));
  }

  @Override
  public StatementResult visit(Statement.PauseSyncJob s) {
    jobs.pause(s.database(), s.name());
    return StatementResult.message("paused sync job " + s.database() + "." + s.name());
  }

  @Override
  public StatementResult visit(Statement.ResumeSyncJob s) {
    String note = jobs.resume(s.database(), s.name(), s.skipDdlAt());
    return StatementResult.message("resumed sync job " + s.database() + "." + s.name()
        + (s.skipDdlAt() == null ? "" : note.isEmpty() ? ", skipping the DDL at " + s.skipDdlAt() : note));
  }

  @Override
  public StatementResult visit(Statement.StopSyncJob s) {
    jobs.stop(s.database(), s.name());
    return StatementResult.message("stopped sync job " + s.database() + "." + s.name());
  }

  @Override
  public StatementResult visit(Statement.ShowSyncJob s) {
    return StatementResult.table(JobManager.SHOW_COLUMNS, jobs.show(s.database()));
  }
}
