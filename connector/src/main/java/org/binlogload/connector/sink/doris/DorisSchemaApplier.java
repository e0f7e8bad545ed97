package org.binlogload.connector.sink.doris;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.connector.sync.Bindings;
import org.binlogload.connector.sync.SchemaApplier;
import org.binlogload.connector.sync.SchemaPlan;
import org.binlogload.connector.sync.SchemaStep;
import org.binlogload.ddl.Backfill;
import org.binlogload.ddl.DorisRenderer;
import org.binlogload.ddl.DorisStatement;
import org.binlogload.ddl.Rendering;
import org.binlogload.ddl.SchemaChange;
import org.binlogload.ddl.TranslatorOptions;

/**
 * Doris's {@link SchemaApplier}: renders neutral changes as Doris statements with the job's {@link TranslatorOptions}
 * and the binding's target names, runs them, and waits at most {@code schemaChangeTimeout} for the schema-change job
 * of a heavy one.
 */
record DorisSchemaApplier(DorisClient client, TranslatorOptions options, Duration schemaChangeTimeout)
    implements SchemaApplier {

  @Override
  public boolean exists(String db, String table) {
    try {
      client.describe(db, table);
      return true;
    } catch (DorisException e) {
      ErrorKind k = e.kind();
      if (k == ErrorKind.UNKNOWN_TABLE || k == ErrorKind.UNKNOWN_DATABASE) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public SchemaPlan plan(List<SchemaChange> changes, Bindings binding) {
    DorisRenderer renderer = new DorisRenderer(options.toBuilder().targetDatabase(binding::targetDatabase)
        .targetTable(binding::targetTable).build());
    List<SchemaStep> steps = new ArrayList<>();
    List<Backfill> backfills = new ArrayList<>();
    for (SchemaChange c : changes) {
      Rendering r = renderer.render(c);
      if (r.isRefused()) {
        return new SchemaPlan.Refused(r.refusalReason(), r.remedy());
      }
      for (DorisStatement s : r.statements()) {
        steps.add(new DorisStep(s.dorisDatabase(), s.dorisTable(), s.sql(), s.heavy()));
      }
      backfills.addAll(r.backfills());
    }
    return new SchemaPlan.Steps(steps, backfills);
  }

  @Override
  public void send(SchemaStep step) {
    DorisStep s = (DorisStep) step;
    client.execute(s.db(), s.sql());
  }

  @Override
  public void await(SchemaStep step) {
    DorisStep s = (DorisStep) step;
    if (s.heavy()) {
      client.awaitSchemaChange(s.db(), s.table(), schemaChangeTimeout);
    }
  }

  /** Doris's answers to a re-sent ALTER or CREATE whose change is there ('Nothing is changed', exists/not exist). */
  @Override
  public boolean alreadyApplied(SchemaStep step, Throwable e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("already exist") || m.contains("does not exist") || m.contains("not exist")
        || m.contains("nothing is changed") || m.contains("unknown table") || m.contains("unknown column");
  }
}
