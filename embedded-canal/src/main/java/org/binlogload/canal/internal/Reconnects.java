package org.binlogload.canal.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.binlogload.canal.Backoff;
import org.binlogload.canal.BinlogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dump callbacks of Canal's parser thread: one log line per reconnect, woken after our backoff, and the failure
 * the reader gives up on, which stops the parser.
 */
final class Reconnects {
  /** The reader's logger: the log configuration and the tests name these lines by it. */
  private static final Logger LOG = LoggerFactory.getLogger(CanalReader.class);

  private final ReaderConfig config;
  private final ErrorClassifier errors;
  private final Backoff reconnectBackoff;
  private final BooleanSupplier running;
  private final Supplier<Cursor> cursor;

  private SafeMysqlEventParser parser;
  private volatile BoundedEventStore store;
  private ScheduledExecutorService backoff;

  private volatile BinlogException failure;
  private volatile int consecutiveFailures;
  /** The failure of the current connect or dump, logged with the reconnect when the dump ends. */
  private volatile String lastDumpError;
  /** Reconnects since the last successful connect (the attempt in progress); above 0 the next connect is logged. */
  private volatile int attempt;

  Reconnects(ReaderConfig config, BooleanSupplier running, Supplier<Cursor> cursor) {
    this.config = config;
    this.errors = new ErrorClassifier(config);
    // Canal pauses 10-20 s by itself; waking it earlier only helps below that.
    this.reconnectBackoff = new Backoff(Duration.ofSeconds(1),
        Duration.ofMillis(Math.min(9_000L, config.maxReconnectBackoff().toMillis())));
    this.running = running;
    this.cursor = cursor;
  }

  /** Forgets the failure and the attempts of an earlier run. */
  void reset() {
    failure = null;
    consecutiveFailures = 0;
    lastDumpError = null;
    attempt = 0;
  }

  /** Takes the parser and ring of this run and starts the backoff thread; before the parser starts. */
  void attach(SafeMysqlEventParser parser, BoundedEventStore store) {
    this.parser = parser;
    this.store = store;
    backoff = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "embedded-canal-" + config.name() + "-backoff");
      t.setDaemon(true);
      return t;
    });
  }

  /** Events reached the consumer: the next reconnect waits the first delay again. */
  void delivered() {
    consecutiveFailures = 0;
  }

  /** Throws the failure the reader gave up on, if any, again. */
  void throwIfFailed() {
    BinlogException f = failure;
    if (f != null) {
      throw new BinlogException(f.reason(), f.fatal(), f.getMessage(), f);
    }
  }

  /** Stops the backoff thread. */
  void stop() {
    if (backoff != null) {
      backoff.shutdownNow();
    }
  }

  /**
   * Called on Canal's parser thread after each failed connect or dump. A fatal failure is logged at ERROR (the reader
   * gives up); any other is logged with the reconnect that follows, as one WARN line ({@link #onDumpEnd}).
   */
  void onDumpError(Throwable t) {
    if (!running.getAsBoolean()) {
      return; // stopping: Canal reports the interrupted read
    }
    Cursor c = cursor.get();
    BinlogException e = errors.classify(t, c == null ? null : String.valueOf(c.resume()));
    if (e.fatal()) {
      LOG.error("{}: {}; the reader stopped", config.name(), e.getMessage());
      LOG.debug("{}: the failure in full", config.name(), t);
      failure = e;
      store.wakeUp();
      // Stop Canal's retry loop from another thread: stop() joins the parser thread this runs on.
      backoff.execute(this::stopParserQuietly);
      return;
    }
    LOG.debug("{}: {}", config.name(), e.getMessage(), t);
    lastDumpError = e.getMessage();
  }

  /** Called on Canal's parser thread once connected and logged in, before the dump starts. */
  void onConnected() {
    int n = attempt;
    if (n > 0 && running.getAsBoolean()) {
      attempt = 0;
      LOG.info("{}: reconnected to {}:{} (attempt {}); reading from {}", config.name(), config.host(), config.port(),
          n, cursor.get().resume());
    }
  }

  /**
   * Called on Canal's parser thread whenever a dump ends; Canal then sleeps 10-20 s, we wake it sooner. One WARN line
   * per reconnect, with the failure if there was one: a reconnect that heals is never an ERROR.
   */
  void onDumpEnd() {
    String error = lastDumpError;
    lastDumpError = null;
    if (!running.getAsBoolean() || failure != null) {
      return;
    }
    int n = ++consecutiveFailures;
    int next = ++attempt;
    long delay = reconnectBackoff.delayMillis(n);
    LOG.warn("{}: binlog stream of {}:{} {}; reconnecting in {} ms (attempt {})", config.name(), config.host(),
        config.port(), error == null ? "closed by the server" : "lost: " + error, delay, next);
    Thread parseThread = parser.parseThread();
    backoff.schedule(() -> {
      if (running.getAsBoolean() && failure == null && parseThread != null) {
        parseThread.interrupt();
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  private void stopParserQuietly() {
    try {
      if (parser.isStart()) {
        parser.stop();
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: stopping the parser after a fatal error failed: {}", config.name(), e.toString());
    }
  }
}
