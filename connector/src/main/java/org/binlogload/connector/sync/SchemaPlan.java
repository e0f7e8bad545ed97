package org.binlogload.connector.sync;

import java.util.List;
import java.util.Objects;
import org.binlogload.ddl.Backfill;

/** What a sink makes of a DDL's schema changes: steps in order, or a refusal. */
public sealed interface SchemaPlan permits SchemaPlan.Steps, SchemaPlan.Refused {
  /**
   * Run {@code steps} in order; {@code backfills} says which columns of which source tables end with rows the target
   * already holds different from the source's once they ran.
   */
  record Steps(List<SchemaStep> steps, List<Backfill> backfills) implements SchemaPlan {
    /** Copies the lists. */
    public Steps {
      steps = List.copyOf(steps);
      backfills = List.copyOf(backfills);
    }
  }

  /** The target would refuse the changes: {@code reason} says why and {@code remedy} what the user can do. */
  record Refused(String reason, String remedy) implements SchemaPlan {
    /** Checks the fields. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(remedy, "remedy");
    }
  }
}
