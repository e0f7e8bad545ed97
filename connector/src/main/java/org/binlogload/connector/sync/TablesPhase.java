package org.binlogload.connector.sync;

/** The first phase: restores the job's tables from its schema snapshot, or at the first start creates them. */
final class TablesPhase implements Phase {
  private final JobTables tables;

  TablesPhase(JobTables tables) {
    this.tables = tables;
  }

  @Override
  public String name() {
    return "tables";
  }

  @Override
  public void run(RunContext run) {
    tables.initialize();
  }
}
