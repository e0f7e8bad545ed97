package org.binlogload.ddl;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.binlogload.ddl.internal.StatementTranslator;

/**
 * Translates one MySQL/MariaDB DDL statement into neutral schema changes and Doris statements, or refuses it with
 * a reason and a remedy. Never throws and never hangs: statements over {@link TranslatorOptions#maxStatementLength()}
 * are refused, and the work runs on a daemon thread bounded by {@link TranslatorOptions#parseTimeout()}.
 * Thread-safe; keeps no state between calls.
 */
public final class DdlTranslator {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ddl-translator-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final TranslatorOptions options;
  private final SchemaChangeRenderer renderer;

  private DdlTranslator(TranslatorOptions options, SchemaChangeRenderer renderer) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.renderer = Objects.requireNonNull(renderer, "renderer == null");
  }

  /** A translator to Doris with {@code options}. */
  public static DdlTranslator create(TranslatorOptions options) {
    return new DdlTranslator(options, new DorisRenderer(options));
  }

  /** A translator with another renderer (another target system). */
  public static DdlTranslator create(TranslatorOptions options, SchemaChangeRenderer renderer) {
    return new DdlTranslator(options, renderer);
  }

  /** The options. */
  public TranslatorOptions options() {
    return options;
  }

  /** Translates {@code ddl}, run in database {@code sessionSchema}, with current definitions from {@code tables}. */
  public Translation translate(String sessionSchema, String ddl, Map<TableId, TableDefinition> tables) {
    Map<TableId, TableDefinition> m = tables == null ? Map.of() : tables;
    return translate(sessionSchema, ddl, (Function<TableId, TableDefinition>) m::get);
  }

  /**
   * Translates {@code ddl}, run in database {@code sessionSchema} (may be null), looking current MySQL table
   * definitions up with {@code tables} (null for an unknown table).
   */
  public Translation translate(String sessionSchema, String ddl, Function<TableId, TableDefinition> tables) {
    String sql = ddl == null ? "" : ddl;
    if (ddl == null) {
      return Translation.refused(new Refusal(sql, "null statement", "pass the statement text"));
    }
    if (sql.length() > options.maxStatementLength()) {
      return Translation.refused(new Refusal(abbreviate(sql), "statement of " + sql.length()
          + " characters is longer than maxStatementLength " + options.maxStatementLength(),
          "apply it to Doris by hand if needed and skip it, or raise maxStatementLength"));
    }
    Future<Translation> f;
    AtomicLong worker = new AtomicLong(-1);
    AtomicLong cpuAtStart = new AtomicLong();
    try {
      f = WORKERS.submit(() -> {
        cpuAtStart.set(CpuBudget.threadCpuNanos(Thread.currentThread().getId()));
        worker.set(Thread.currentThread().getId());
        return new StatementTranslator(options, renderer, sessionSchema, tables).run(sql);
      });
    } catch (RuntimeException e) {
      return Translation.refused(new Refusal(sql, "translator could not start: " + e, "retry"));
    }
    long limitMillis = options.parseTimeout().toMillis();
    try {
      return CpuBudget.await(f, limitMillis, worker, cpuAtStart);
    } catch (TimeoutException e) {
      f.cancel(true);
      return Translation.refused(new Refusal(sql, "translation took longer than " + limitMillis
          + " ms of CPU time (" + e.getMessage() + ")", "apply it to Doris by hand if needed and skip it"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      return Translation.refused(new Refusal(sql, "translator failed on this statement: " + c,
          "apply it to Doris by hand if needed and skip it; report the statement as a bug"));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return Translation.refused(new Refusal(sql, "interrupted while translating", "retry"));
    }
  }

  private static String abbreviate(String s) {
    return s.substring(0, Math.min(200, s.length())) + "...";
  }
}
