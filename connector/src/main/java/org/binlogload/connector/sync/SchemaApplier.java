package org.binlogload.connector.sync;

/** Runs one Doris statement of a schema change and waits for its heavy schema-change job: job creation and DDL alike. */
final class SchemaApplier {
  private final Sink sink;

  SchemaApplier(Sink sink) {
    this.sink = sink;
  }

  /** Runs {@code s}; a heavy statement returns once Doris's schema-change job finished. */
  void apply(TargetStatement s) {
    execute(s);
    awaitIfHeavy(s);
  }

  /** Sends {@code s} to Doris without waiting for a schema-change job (the barrier records it as done first). */
  void execute(TargetStatement s) {
    sink.execute(s.db(), s.sql());
  }

  /** Waits for the schema-change job of {@code s} if it is heavy (again after a restart). */
  void awaitIfHeavy(TargetStatement s) {
    if (s.heavy()) {
      sink.awaitSchemaChange(s.db(), s.table());
    }
  }
}
