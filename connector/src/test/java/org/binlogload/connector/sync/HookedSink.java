package org.binlogload.connector.sync;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.load.LoadRow;
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
  public Write open(String job, String db, String table, BinlogPosition end) {
    return delegate.open(job, db, table, end);
  }

  /** Calls the hook with {@code before}, runs {@code call}, then calls the hook with {@code after} (if not null). */
  private <T> T around(String before, String after, Supplier<T> call) {
    hook.accept(before);
    T result = call.get();
    if (after != null) {
      hook.accept(after);
    }
    return result;
  }

  private void around(String before, String after, Runnable call) {
    around(before, after, () -> {
      call.run();
      return null;
    });
  }

  @Override
  public Write prepare(Write w, List<LoadRow> rows) {
    String table = w.db() + "." + w.table();
    return around("prepare:" + table, "prepared:" + table, () -> delegate.prepare(w, rows));
  }

  @Override
  public void commit(Write w) {
    around("commit:" + w.key(), "committed:" + w.key(), () -> delegate.commit(w));
  }

  @Override
  public void abort(Write w) {
    around("abort:" + w.key(), null, () -> delegate.abort(w));
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
  public Optional<Fix> remedy(Throwable t, String job, BinlogPosition committed) {
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
      around("send:" + step.text(), "sent:" + step.text(), () -> delegate.send(step));
    }

    @Override
    public void await(SchemaStep step) {
      around("await:" + step.text(), null, () -> delegate.await(step));
    }

    @Override
    public boolean alreadyApplied(SchemaStep step, Throwable t) {
      return delegate.alreadyApplied(step, t);
    }
  }
}
