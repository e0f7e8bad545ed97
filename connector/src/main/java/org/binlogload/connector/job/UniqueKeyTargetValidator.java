package org.binlogload.connector.job;

import java.util.Optional;

/** Requires every table-to-table target of a job to exist and be a UNIQUE KEY table. */
public final class UniqueKeyTargetValidator implements JobValidator {
  private final TargetInspector inspector;

  /** A validator reading tables through {@code inspector}. */
  public UniqueKeyTargetValidator(TargetInspector inspector) {
    this.inspector = inspector;
  }

  @Override
  public void validate(JobDefinition def) {
    for (ChannelSpec c : def.channels()) {
      if (c.isWholeDatabase()) {
        continue;
      }
      Optional<TargetInspector.KeysType> type = inspector.keysType(c.targetDatabase(), c.targetTable());
      if (type.isEmpty()) {
        throw new JobValidationException("target table " + c.target() + " does not exist; create it as a UNIQUE KEY "
            + "table keyed like " + c.source() + " (or map the whole database: FROM " + c.sourceSchema()
            + ".* INTO " + c.targetDatabase() + ")");
      }
      if (type.get() != TargetInspector.KeysType.UNIQUE_KEYS) {
        throw new JobValidationException("target table " + c.target() + " is " + type.get() + ", not UNIQUE_KEYS; "
            + "updates and deletes need a UNIQUE KEY table: recreate it with UNIQUE KEY(<primary key of "
            + c.source() + ">)");
      }
    }
  }
}
