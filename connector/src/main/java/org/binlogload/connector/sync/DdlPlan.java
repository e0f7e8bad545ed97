package org.binlogload.connector.sync;

import java.util.List;
import java.util.Objects;

/** What a source DDL means for the job: nothing, a refusal, or Doris statements plus the new bindings. */
public sealed interface DdlPlan permits DdlPlan.Ignore, DdlPlan.Refuse, DdlPlan.Apply {
  /** The DDL does not concern the job's tables (or changes nothing in Doris); {@code reason} is logged. */
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
   * Run {@code statements} in order (waiting for the heavy ones), then bind tables as {@code bindings} says;
   * {@code dropped} lists bound source tables the DDL dropped ({@code schema.table}); {@code rowsDiffer} says, one
   * sentence per bound table and columns, where the rows Doris already holds end different from MySQL's once the
   * statements ran (MySQL changed them inside the DDL: generated columns, defaults Doris cannot carry, clocks).
   */
  record Apply(List<TargetStatement> statements, Bindings bindings, List<String> dropped, List<String> rowsDiffer)
      implements DdlPlan {
    /** Copies the lists. */
    public Apply {
      statements = List.copyOf(statements);
      Objects.requireNonNull(bindings, "bindings");
      dropped = List.copyOf(dropped);
      rowsDiffer = List.copyOf(rowsDiffer);
    }

    /** A plan that leaves no existing row different. */
    public Apply(List<TargetStatement> statements, Bindings bindings, List<String> dropped) {
      this(statements, bindings, dropped, List.of());
    }
  }
}
