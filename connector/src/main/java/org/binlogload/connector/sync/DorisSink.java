package org.binlogload.connector.sync;

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

/** The {@link Sink} over the Doris client: Stream Load with 2PC, commit by txn id, abort by probing the label. */
public final class DorisSink implements Sink {
  private final DorisClient client;
  private final Duration schemaChangeTimeout;

  /** A sink over {@code client}, waiting at most {@code schemaChangeTimeout} for a heavy schema change. */
  public DorisSink(DorisClient client, Duration schemaChangeTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.schemaChangeTimeout = Objects.requireNonNull(schemaChangeTimeout, "schemaChangeTimeout");
  }

  @Override
  public long prepare(String db, String table, String label, List<LoadRow> rows) {
    LoadResult r = client.streamLoad(LoadRequest.of(db, table, Label.parse(label)), RowSource.of(rows));
    if (!r.isPrecommitted()) {
      throw new IllegalStateException("load of " + db + "." + table + " under label " + label
          + " is not PRECOMMITTED but " + r.status() + "; the round is retried: " + r.message());
    }
    return r.txnId();
  }

  @Override
  public void commit(String db, long txnId, String label) {
    TxnResult t = client.commit(db, txnId);
    if (!t.isCommitted()) {
      throw new DorisException(ErrorKind.TXN_EXPIRED, "commit of txn " + txnId + " (label " + label + ") in " + db
          + " answered " + t.outcome() + ": the round was decided COMMIT but Doris no longer holds the transaction: "
          + t.message(), db, label, txnId, null);
    }
  }

  @Override
  public void abort(String db, String table, String label) {
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
  public void execute(String db, String statement) {
    client.execute(db, statement);
  }

  @Override
  public void awaitSchemaChange(String db, String table) {
    client.awaitSchemaChange(db, table, schemaChangeTimeout);
  }

  @Override
  public boolean tableExists(String db, String table) {
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
  public Optional<DorisRemedy.Fix> remedy(Throwable t, String job, BinlogPosition committed) {
    return DorisRemedy.of(t, new DorisRemedy.Context(client.config().user(), job, committed));
  }

  /** Doris's answers to a re-sent ALTER or CREATE whose change is there ('Nothing is changed', exists/not exist). */
  @Override
  public boolean alreadyApplied(Throwable e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("already exist") || m.contains("does not exist") || m.contains("not exist")
        || m.contains("nothing is changed") || m.contains("unknown table") || m.contains("unknown column");
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
