package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.DatabaseTableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDB;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDBFactory;
import com.alibaba.otter.canal.parse.support.AuthenticationInfo;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import com.alibaba.otter.canal.protocol.position.LogIdentity;
import com.alibaba.otter.canal.protocol.position.LogPosition;
import com.alibaba.otter.canal.store.model.Event;
import com.alibaba.otter.canal.store.model.Events;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.binlogload.canal.Backoff;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogException.Reason;
import org.binlogload.canal.BinlogSettings;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.StartPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canal's parser, sink and ring wired by hand, with the cursor persisted in a {@link org.binlogload.canal.DurableStore}
 * on every ack. One consumer thread calls get/ack/rollback; the parser runs on Canal's own thread.
 */
public final class CanalReader {
  private static final Logger LOG = LoggerFactory.getLogger(CanalReader.class);

  private final ReaderConfig config;
  private final ErrorClassifier errors;
  private final RowDecoder rowDecoder = new RowDecoder();
  private final EntryConverter converter = new EntryConverter();
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Backoff reconnectBackoff;

  private SafeMysqlEventParser parser;
  private RingSink sink;
  private volatile BoundedEventStore store;
  private ScheduledExecutorService backoff;
  private TableMetaTSDB tableMeta;

  private volatile Cursor cursor;
  private volatile BinlogException failure;
  private volatile boolean running;
  private BinlogPosition floor;
  private long gotSequence = -1;
  private long nextBatchId = 1;
  private volatile int consecutiveFailures;
  /** The failure of the current connect or dump, logged with the reconnect when the dump ends. */
  private volatile String lastDumpError;
  /** Reconnects since the last successful connect (the attempt in progress); above 0 the next connect is logged. */
  private volatile int attempt;

  /** One batch handed out (or skipped because every entry in it was already delivered before a restart). */
  private record Pending(long id, long endSequence, LogPosition end, List<Event> events, long bytes,
      BinlogPosition lastEvent, BinlogPosition resume) {}

  public CanalReader(ReaderConfig config) {
    this.config = config;
    this.errors = new ErrorClassifier(config);
    // Canal pauses 10-20 s by itself; waking it earlier only helps below that.
    this.reconnectBackoff = new Backoff(Duration.ofSeconds(1),
        Duration.ofMillis(Math.min(9_000L, config.maxReconnectBackoff().toMillis())));
  }

  /** Checks the source, resolves and persists the start position, snapshots the tracked tables there, starts Canal. */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException(config.name() + " is already started");
    }
    SourceInspector.SourceState state;
    try (SourceInspector inspector = new SourceInspector(config)) {
      state = inspector.inspect();
      Cursor saved = loadCursor();
      cursor = saved != null ? validate(saved, state) : resolveStart(state);
      if (saved == null) {
        persist(cursor);
      }
    }
    tableMeta = config.tableMetaFactory().create(config.store(), new TableMetaFactory.Connection(config.name(),
        config.host(), config.port(), config.user(), config.password()));
    if (!cursor.gtidMode() && tableMeta instanceof DatabaseTableMeta history) {
      firstSnapshot(history);
    }
    floor = cursor.acked();
    gotSequence = -1;
    failure = null;
    consecutiveFailures = 0;
    lastDumpError = null;
    attempt = 0;
    LOG.info("{}: reading {}:{} from {} (acked {})", config.name(), config.host(), config.port(), cursor.resume(),
        cursor.acked());
    buildAndStart(state);
    running = true;
  }

  /**
   * Takes the history's first snapshot at the start position now, before start() returns, so that a DDL issued after
   * start() is a later statement of the binlog and not a change between the position and the snapshot; Canal's
   * rollback to the same position on connect finds this snapshot.
   */
  private void firstSnapshot(DatabaseTableMeta history) {
    MysqlConnection connection = new MysqlConnection(new InetSocketAddress(config.host(), config.port()),
        config.user(), config.password());
    connection.setCharset(StandardCharsets.UTF_8);
    connection.getConnector().setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.readTimeout().toMillis()));
    try {
      connection.connect();
      history.setConnection(connection);
      history.setFilter(new TableFilter(config.include()));
      history.rollback(resumeLogPosition().getPostion());
    } catch (IOException e) {
      throw new BinlogException(Reason.CONNECTION, false, "cannot read the table definitions of " + config.name()
          + " from " + config.host() + ":" + config.port() + " at " + cursor.resume() + ": " + e.getMessage(), e);
    } finally {
      try {
        connection.disconnect();
      } catch (IOException e) {
        LOG.debug("{}: closing the snapshot connection failed: {}", config.name(), e.getMessage());
      }
    }
  }

  /**
   * Moves the saved cursor of this stopped reader to {@code position}, a transaction boundary in file terms: the next
   * start reads from there, delivering again every event after it (before the last acked position) or skipping what
   * lies between (after it: a purged binlog whose tables the caller copies again).
   */
  public synchronized void rewind(BinlogPosition position) {
    if (running) {
      throw new IllegalStateException(config.name() + " is running; stop it before rewinding");
    }
    Cursor saved = loadCursor();
    if (saved != null && saved.gtidMode()) {
      throw new BinlogException(Reason.CONFIGURATION, true, config.name() + " reads by GTID; a rewind to the file "
          + "position " + position + " is not supported in GTID mode");
    }
    Cursor c = new Cursor(BinlogPosition.of(position.file(), position.offset(), -1, null, position.timestampMillis(),
        position.serverId()), null, false);
    persist(c);
    cursor = c;
    LOG.info("{}: rewound to {} (was {})", config.name(), position, saved == null ? "none" : saved.acked());
  }

  private Cursor loadCursor() {
    Optional<byte[]> bytes = config.store().get(Cursor.key(config.name()));
    return bytes.map(b -> Cursor.decode(config.name(), b)).orElse(null);
  }

  private Cursor validate(Cursor saved, SourceInspector.SourceState state) {
    if (!saved.gtidMode() && state.find(saved.resume().file()) == null) {
      throw new BinlogException(Reason.POSITION_PURGED, true, "saved position " + saved.resume() + " of "
          + config.name() + " is in binlog file " + saved.resume().file() + ", which " + config.host() + ":"
          + config.port() + " no longer has (oldest: " + (state.binaryLogs().isEmpty() ? "none"
          : state.binaryLogs().get(0).file()) + "); the reader will not skip ahead by itself: re-snapshot the"
          + " tables and start from a new position");
    }
    return saved;
  }

  private Cursor resolveStart(SourceInspector.SourceState state) {
    StartPosition start = config.startPosition();
    long now = System.currentTimeMillis();
    switch (start.kind()) {
      case LATEST:
        return new Cursor(BinlogPosition.of(state.masterFile(), state.masterOffset(), -1, state.gtidCurrentPos(),
            now, state.serverId()), null, false);
      case EARLIEST: {
        if (state.binaryLogs().isEmpty()) {
          throw BinlogSettings.noBinlog("SHOW BINARY LOGS", config.host() + ":" + config.port(),
              BinlogSettings.Fix.SERVER_OPTIONS);
        }
        return new Cursor(BinlogPosition.of(state.binaryLogs().get(0).file(), 4, -1, null, now, state.serverId()),
            null, false);
      }
      case FILE_OFFSET: {
        SourceInspector.BinaryLog log = state.find(start.file());
        if (log == null) {
          throw new BinlogException(Reason.POSITION_PURGED, true, "start position " + start + " is in a binlog file "
              + config.host() + ":" + config.port() + " does not have (oldest: " + (state.binaryLogs().isEmpty()
              ? "none" : state.binaryLogs().get(0).file()) + "); choose a file from SHOW BINARY LOGS");
        }
        if (start.offset() > log.size()) {
          throw new BinlogException(Reason.CONFIGURATION, true, "start position " + start + " is beyond the end of "
              + start.file() + " (" + log.size() + " bytes)");
        }
        return new Cursor(BinlogPosition.of(start.file(), start.offset(), -1, null, now, state.serverId()), null,
            false);
      }
      case GTID: {
        if (!state.mariaDb() && start.gtidSet().isEmpty()) {
          throw new BinlogException(Reason.CONFIGURATION, true, "an empty GTID set is supported on MariaDB only");
        }
        // The file is informational in GTID mode (the server finds the place from the set).
        String set = start.gtidSet().isEmpty() ? SafeMariaGtidSet.EMPTY_SENTINEL : start.gtidSet();
        return new Cursor(BinlogPosition.of(state.binaryLogs().isEmpty() ? state.masterFile()
            : state.binaryLogs().get(0).file(), 4, -1, set, now, state.serverId()), null, true);
      }
      default:
        throw new IllegalStateException("unknown start kind " + start.kind());
    }
  }

  private void persist(Cursor c) {
    config.store().put(Cursor.key(config.name()), c.encode(config.name()));
  }

  private void buildAndStart(SourceInspector.SourceState state) {
    store = new BoundedEventStore(config.ringEntries(), config.ringBytes());
    store.start();

    sink = new RingSink(store, rowDecoder);
    sink.start();

    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    parser = new SafeMysqlEventParser(config, rowDecoder, this::onDumpError, this::onDumpEnd, this::onConnected);
    parser.setDestination(config.name());
    AuthenticationInfo auth = new AuthenticationInfo(address, config.user(), config.password());
    parser.setMasterInfo(auth);
    parser.setSlaveId(config.serverId());
    parser.setConnectionCharset("UTF-8");
    parser.setEventSink(sink);
    parser.setEventFilter(new TableFilter(config.include()));
    parser.setFilterQueryDml(false); // DML logged as statements must reach the converter, which reports them
    parser.setFilterQueryDcl(true);
    parser.setFilterTableError(false);
    parser.setUseDruidDdlFilter(true);
    parser.setDetectingEnable(false);
    parser.setParallel(config.parallelParsing());
    parser.setIsGTIDMode(cursor.gtidMode());
    parser.setDumpErrorCountThreshold(-1); // never jump to another position on error 1236
    parser.setAutoResetLatestPosMode(false);
    parser.setTransactionSize(1024);
    parser.setDefaultConnectionTimeoutInSeconds((int) Math.max(1, config.readTimeout().toSeconds()));
    parser.setLogPositionManager(new CursorPositionManager(this::resumeLogPosition));
    parser.setParserExceptionHandler(e -> { });

    if (tableMeta != null) {
      TableMetaTSDB tsdb = tableMeta;
      parser.setEnableTsdb(true);
      parser.setTsdbJdbcUrl("");
      parser.setTsdbJdbcUserName("");
      parser.setTsdbJdbcPassword("");
      parser.setTableMetaTSDBFactory(new TableMetaTSDBFactory() {
        @Override
        public TableMetaTSDB build(String destination, String springXml) {
          return tsdb;
        }

        @Override
        public void destory(String destination) {
          // the history outlives the parser; the store keeps it
        }
      });
    }
    backoff = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "embedded-canal-" + config.name() + "-backoff");
      t.setDaemon(true);
      return t;
    });
    parser.start();
  }

  /** The position Canal restarts from: our saved resume position as Canal's type. */
  private LogPosition resumeLogPosition() {
    Cursor c = cursor;
    BinlogPosition r = c.resume();
    EntryPosition p = new EntryPosition(r.file(), r.offset(), r.timestampMillis() > 0 ? r.timestampMillis()
        : System.currentTimeMillis(), r.serverId() > 0 ? r.serverId() : null);
    p.setGtid(r.gtidSet());
    LogPosition lp = new LogPosition();
    lp.setPostion(p);
    lp.setIdentity(new LogIdentity(new InetSocketAddress(config.host(), config.port()), -1L));
    return lp;
  }

  /**
   * Called on Canal's parser thread after each failed connect or dump. A fatal failure is logged at ERROR (the reader
   * gives up); any other is logged with the reconnect that follows, as one WARN line ({@link #onDumpEnd}).
   */
  private void onDumpError(Throwable t) {
    if (!running) {
      return; // stopping: Canal reports the interrupted read
    }
    Cursor c = cursor;
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
  private void onConnected() {
    int n = attempt;
    if (n > 0 && running) {
      attempt = 0;
      LOG.info("{}: reconnected to {}:{} (attempt {}); reading from {}", config.name(), config.host(), config.port(),
          n, cursor.resume());
    }
  }

  /**
   * Called on Canal's parser thread whenever a dump ends; Canal then sleeps 10-20 s, we wake it sooner. One WARN line
   * per reconnect, with the failure if there was one: a reconnect that heals is never an ERROR.
   */
  private void onDumpEnd() {
    String error = lastDumpError;
    lastDumpError = null;
    if (!running || failure != null) {
      return;
    }
    int n = ++consecutiveFailures;
    int next = ++attempt;
    long delay = reconnectBackoff.delayMillis(n);
    LOG.warn("{}: binlog stream of {}:{} {}; reconnecting in {} ms (attempt {})", config.name(), config.host(),
        config.port(), error == null ? "closed by the server" : "lost: " + error, delay, next);
    Thread parseThread = parser.parseThread();
    backoff.schedule(() -> {
      if (running && failure == null && parseThread != null) {
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

  /** Up to {@code maxEntries} events, waiting at most {@code timeout} for the first. */
  public synchronized Batch get(int maxEntries, Duration timeout) {
    checkRunning();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        throwIfFailed();
        long remaining = deadline - System.nanoTime();
        if (!store.awaitAfter(gotSequence, Math.max(0, remaining))) {
          throwIfFailed();
          return Batch.empty();
        }
        throwIfFailed();
        Events<Event> got = store.tryGet(null, maxEntries);
        List<Event> events = got.getEvents();
        if (events.isEmpty()) {
          continue;
        }
        long endSeq = got.getPositionRange().getEndSeq();
        gotSequence = endSeq;
        List<ChangeEvent> out = new ArrayList<>(Math.max(16, events.size()));
        BinlogPosition resume = null;
        long bytes = 0;
        for (Event e : events) {
          CanalEntry.Entry entry = e.getEntry();
          bytes += e.getRawLength();
          if (entry == null) {
            continue;
          }
          converter.convert(entry, RowsEvent.rows(e), floor, out);
          if (EntryConverter.isBoundary(entry)) {
            CanalEntry.Header h = entry.getHeader();
            resume = BinlogPosition.of(h.getLogfileName(), h.getLogfileOffset() + h.getEventLength(), -1,
                h.getGtid(), h.getExecuteTime(), h.getServerId());
          }
        }
        BinlogPosition last = out.isEmpty() ? null : out.get(out.size() - 1).position();
        long id = out.isEmpty() ? -(nextBatchId++) : nextBatchId++;
        pending.addLast(new Pending(id, endSeq, (LogPosition) got.getPositionRange().getEnd(), events, bytes, last,
            resume));
        if (!out.isEmpty()) {
          consecutiveFailures = 0;
          return Batch.of(id, out);
        }
        releaseSkippedHead();
        if (System.nanoTime() - deadline >= 0) {
          return Batch.empty();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BinlogException(Reason.INTERNAL, false, "interrupted while waiting for binlog events of "
          + config.name(), e);
    }
  }

  /** Acks {@code batchId} and every earlier batch; persists the cursor before releasing the ring. */
  public synchronized void ack(long batchId) {
    checkRunning();
    if (batchId <= 0) {
      throw new IllegalArgumentException("batchId <= 0: " + batchId);
    }
    Pending target = null;
    for (Pending p : pending) {
      if (p.id() == batchId) {
        target = p;
        break;
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("no un-acked batch " + batchId + " (already acked or rolled back?)");
    }
    List<Pending> done = new ArrayList<>();
    while (true) {
      Pending p = pending.pollFirst();
      done.add(p);
      if (p == target) {
        break;
      }
    }
    Cursor c = cursor;
    BinlogPosition acked = c.acked();
    BinlogPosition resume = c.resume();
    long bytes = 0;
    for (Pending p : done) {
      if (p.lastEvent() != null) {
        acked = p.lastEvent();
      }
      if (p.resume() != null) {
        resume = p.resume();
      }
      bytes += p.bytes();
    }
    Cursor next = new Cursor(resume, acked, c.gtidMode());
    persist(next);
    cursor = next;
    Pending last = done.get(done.size() - 1);
    store.ack(last.end(), last.endSequence());
    for (Pending p : done) {
      for (Event e : p.events()) {
        RowsEvent.release(e);
      }
    }
    store.released(bytes);
    floor = null; // the ring will not hand out anything before the acked batch again
  }

  /** Acks in the ring, without moving the cursor, replayed batches that no delivered batch precedes. */
  private void releaseSkippedHead() {
    for (Pending p : pending) {
      if (p.id() > 0) {
        return;
      }
    }
    Pending last = pending.peekLast();
    long bytes = 0;
    for (Pending p : pending) {
      bytes += p.bytes();
      for (Event e : p.events()) {
        RowsEvent.release(e);
      }
    }
    store.ack(last.end(), last.endSequence());
    store.released(bytes);
    pending.clear();
  }

  /** Makes a waiting (or the next) {@link #get} return at once; any thread may call it. */
  public void wakeUp() {
    BoundedEventStore s = store;
    if (s != null) {
      s.wakeUpConsumer();
    }
  }

  /** Un-acked batches are delivered again. */
  public synchronized void rollback() {
    checkRunning();
    store.rollback();
    pending.clear();
    gotSequence = store.getAckSequence().get();
  }

  /** The last acked position; before any ack, the resolved start position. */
  public BinlogPosition position() {
    Cursor c = cursor;
    if (c == null) {
      throw new IllegalStateException(config.name() + " is not started");
    }
    return c.acked() != null ? c.acked() : c.resume();
  }

  /** Entries held in the ring (put and not yet acked), for tests and metrics. */
  public long ringEntriesInUse() {
    return store == null ? 0 : store.getPutSequence().get() - store.getAckSequence().get();
  }

  /** Bytes of binlog entries held in the ring (Canal's estimate), for tests and metrics. */
  public long ringBytes() {
    return store == null ? 0 : store.bytes();
  }

  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      if (parser != null && parser.isStart()) {
        parser.stop();
      }
    } finally {
      if (backoff != null) {
        backoff.shutdownNow();
      }
      if (sink != null && sink.isStart()) {
        sink.stop();
      }
      if (store != null && store.isStart()) {
        store.stop();
      }
      pending.clear();
    }
  }

  private void checkRunning() {
    if (!running) {
      throwIfFailed();
      throw new IllegalStateException(config.name() + " is not started");
    }
  }

  private void throwIfFailed() {
    BinlogException f = failure;
    if (f != null) {
      throw new BinlogException(f.reason(), f.fatal(), f.getMessage(), f);
    }
  }
}
