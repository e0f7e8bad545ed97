package org.binlogload.connector.sync;

import java.util.List;
import java.util.function.Consumer;
import org.binlogload.connector.load.LoadRow;

/** A sink calling a hook (which may throw {@link Crash}) before each operation of the real one. */
final class HookedSink implements Sink {
  private final Sink delegate;
  private final Consumer<String> hook;

  HookedSink(Sink delegate, Consumer<String> hook) {
    this.delegate = delegate;
    this.hook = hook;
  }

  @Override
  public long prepare(String db, String table, String label, List<LoadRow> rows) {
    hook.accept("prepare:" + db + "." + table);
    long txn = delegate.prepare(db, table, label, rows);
    hook.accept("prepared:" + db + "." + table);
    return txn;
  }

  @Override
  public void commit(String db, long txnId, String label) {
    hook.accept("commit:" + label);
    delegate.commit(db, txnId, label);
    hook.accept("committed:" + label);
  }

  @Override
  public void abort(String db, String table, String label) {
    hook.accept("abort:" + label);
    delegate.abort(db, table, label);
  }

  @Override
  public void execute(String db, String statement) {
    hook.accept("execute:" + statement);
    delegate.execute(db, statement);
    hook.accept("executed:" + statement);
  }

  @Override
  public void awaitSchemaChange(String db, String table) {
    hook.accept("await:" + db + "." + table);
    delegate.awaitSchemaChange(db, table);
  }

  @Override
  public boolean tableExists(String db, String table) {
    return delegate.tableExists(db, table);
  }

  @Override
  public boolean isRetryable(Throwable t) {
    return delegate.isRetryable(t);
  }

  @Override
  public boolean isTableGone(Throwable t) {
    return delegate.isTableGone(t);
  }

  @Override
  public boolean alreadyApplied(Throwable t) {
    return delegate.alreadyApplied(t);
  }
}
