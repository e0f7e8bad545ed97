package org.binlogload.connector.sync;

/** One step of a {@link SchemaPlan}, opaque to the engine; its text names it in logs and messages. */
public interface SchemaStep {
  /** The step as the target takes it (a statement, for a SQL target). */
  String text();
}
