package org.binlogload.connector.sync;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.binlogload.ddl.SchemaChange;

/** What a source DDL means for the job: nothing, a refusal, or neutral schema changes plus the new bindings. */
public sealed interface DdlPlan permits DdlPlan.Ignore, DdlPlan.Refuse, DdlPlan.Apply {
  /** The DDL does not concern the job's tables (or changes nothing in the target); {@code reason} is logged. */
  record Ignore(String reason) implements DdlPlan {}

  /** The DDL cannot be applied; {@code reason} says why and {@code remedy} what the user can do. */
  record Refuse(String reason, String remedy) implements DdlPlan {
    /** Checks the fields. */
    public Refuse {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(remedy, "remedy");
    }
  }

  /**
   * Hand {@code changes} to the sink with source tables bound as {@code target} (the bindings before the DDL), then
   * bind tables as {@code bindings} says; {@code dropped} lists bound source tables the DDL dropped
   * ({@code schema.table}); {@code leftOut} the source tables the DDL leaves out of the job, with the reason (a
   * table created without a key, renamed out of or into a whole database's INCLUDE/EXCLUDE set).
   */
  record Apply(List<SchemaChange> changes, Bindings target, Bindings bindings, List<String> dropped,
      Map<String, String> leftOut) implements DdlPlan {
    /** Copies the lists. */
    public Apply {
      changes = List.copyOf(changes);
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(bindings, "bindings");
      dropped = List.copyOf(dropped);
      leftOut = Map.copyOf(leftOut);
    }

    /** A plan that leaves no table out. */
    public Apply(List<SchemaChange> changes, Bindings target, Bindings bindings, List<String> dropped) {
      this(changes, target, bindings, dropped, Map.of());
    }
  }
}
