package org.binlogload.connector.sync;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.binlogload.ddl.SchemaChange;

/** A sink calling a hook (which may throw {@link Crash}) before each operation of the real one. */
final class HookedSink implements Sink {
  private final Sink delegate;
  private final Consumer<String> hook;
  private final SchemaApplier schema;

  HookedSink(Sink delegate, Consumer<String> hook) {
    this.delegate = delegate;
    this.hook = hook;
    this.schema = new HookedSchema(delegate.schema());
  }

  @Override
  public Write open(String job, String db, String table, Position end) {
    return delegate.open(job, db, table, end);
  }

  @Override
  public Write prepare(Write w, List<LoadRow> rows) {
    hook.accept("prepare:" + w.db() + "." + w.table());
    Write prepared = delegate.prepare(w, rows);
    hook.accept("prepared:" + w.db() + "." + w.table());
    return prepared;
  }

  @Override
  public void commit(Write w) {
    hook.accept("commit:" + w.key());
    delegate.commit(w);
    hook.accept("committed:" + w.key());
  }

  @Override
  public void abort(Write w) {
    hook.accept("abort:" + w.key());
    delegate.abort(w);
  }

  @Override
  public SchemaApplier schema() {
    return schema;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean isRetryable(Throwable t) {
    return delegate.isRetryable(t);
  }

  @Override
  public Optional<Fix> remedy(Throwable t, String job, Position committed) {
    return delegate.remedy(t, job, committed);
  }

  @Override
  public boolean isTableGone(Throwable t) {
    return delegate.isTableGone(t);
  }

  /** The schema side, hooked: {@code send:}, {@code sent:} and {@code await:} with the step's text. */
  private final class HookedSchema implements SchemaApplier {
    private final SchemaApplier delegate;

    HookedSchema(SchemaApplier delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean exists(String db, String table) {
      return delegate.exists(db, table);
    }

    @Override
    public SchemaPlan plan(List<SchemaChange> changes, Bindings binding) {
      return delegate.plan(changes, binding);
    }

    @Override
    public void send(SchemaStep step) {
      hook.accept("send:" + step.text());
      delegate.send(step);
      hook.accept("sent:" + step.text());
    }

    @Override
    public void await(SchemaStep step) {
      hook.accept("await:" + step.text());
      delegate.await(step);
    }

    @Override
    public boolean alreadyApplied(SchemaStep step, Throwable t) {
      return delegate.alreadyApplied(step, t);
    }
  }
}
