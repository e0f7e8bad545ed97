package org.binlogload.connector.sink.doris;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisErrorClassifier;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.connector.doris.Label;
import org.binlogload.connector.doris.LoadRequest;
import org.binlogload.connector.doris.LoadResult;
import org.binlogload.connector.doris.RecoveryResult;
import org.binlogload.connector.doris.RowSource;
import org.binlogload.connector.doris.TxnResult;
import org.binlogload.connector.load.LoadRow;
import org.binlogload.connector.sync.SchemaApplier;
import org.binlogload.connector.sync.Sink;
import org.binlogload.ddl.TranslatorOptions;

/**
 * The {@link Sink} over the Doris client: a write is a Stream Load with 2PC under a label from (job, table, round end),
 * committed by its transaction id and aborted by probing the label; schema changes are rendered and run by
 * {@link DorisSchemaApplier}.
 */
public final class DorisSink implements Sink {
  private final DorisClient client;
  private final DorisSchemaApplier schema;

  /**
   * A sink over {@code client}, rendering schema changes with {@code options} and waiting at most
   * {@code schemaChangeTimeout} for a heavy one.
   */
  public DorisSink(DorisClient client, TranslatorOptions options, Duration schemaChangeTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.schema = new DorisSchemaApplier(client, Objects.requireNonNull(options, "options"),
        Objects.requireNonNull(schemaChangeTimeout, "schemaChangeTimeout"));
  }

  @Override
  public Write open(String job, String db, String table, BinlogPosition end) {
    return new Write(db, table, Labels.of(job, db, table, end), -1);
  }

  @Override
  public Write prepare(Write w, List<LoadRow> rows) {
    String db = w.db();
    String table = w.table();
    String label = w.key();
    LoadResult r = client.streamLoad(LoadRequest.of(db, table, Label.parse(label)), RowSource.of(rows));
    if (!r.isPrecommitted()) {
      throw new IllegalStateException("load of " + db + "." + table + " under label " + label
          + " is not PRECOMMITTED but " + r.status() + "; the round is retried: " + r.message());
    }
    return w.prepared(r.txnId());
  }

  @Override
  public void commit(Write w) {
    String db = w.db();
    long txnId = w.id();
    String label = w.key();
    TxnResult t = client.commit(db, txnId);
    if (!t.isCommitted()) {
      throw new DorisException(ErrorKind.TXN_EXPIRED, "commit of txn " + txnId + " (label " + label + ") in " + db
          + " answered " + t.outcome() + ": the round was decided COMMIT but Doris no longer holds the transaction: "
          + t.message(), db, label, txnId, null);
    }
  }

  @Override
  public void abort(Write w) {
    String db = w.db();
    String table = w.table();
    String label = w.key();
    List<RecoveryResult> rs = client.recover(db, table, List.of(Label.parse(label)), RecoveryResult.Decision.ABORT);
    for (RecoveryResult r : rs) {
      if (r.outcome() == RecoveryResult.Outcome.CONFLICT) {
        throw new DorisException(ErrorKind.LABEL_ALREADY_COMMITTED, "label " + label + " of " + db + "." + table
            + " is committed in Doris although the job never decided its round; refusing to continue: " + r,
            db + "." + table, label, r.txnId(), null);
      }
    }
  }

  @Override
  public SchemaApplier schema() {
    return schema;
  }

  @Override
  public String name() {
    return "Doris";
  }

  @Override
  public boolean isRetryable(Throwable t) {
    return DorisErrorClassifier.classify(t).retryable() && hasDorisCause(t);
  }

  private static boolean hasDorisCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DorisException || c instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Fix> remedy(Throwable t, String job, BinlogPosition committed) {
    return DorisRemedy.of(t, new DorisRemedy.Context(client.config().user(), job, committed))
        .map(DorisRemedy.Fix::port);
  }

  @Override
  public boolean isTableGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DorisException d && d.kind() == ErrorKind.UNKNOWN_TABLE) {
        return true;
      }
    }
    return false;
  }
}
