package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.DatabaseTableMeta;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDB;
import com.alibaba.otter.canal.parse.inbound.mysql.tsdb.TableMetaTSDBFactory;
import com.alibaba.otter.canal.parse.support.AuthenticationInfo;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import com.alibaba.otter.canal.protocol.position.LogIdentity;
import com.alibaba.otter.canal.protocol.position.LogPosition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.binlogload.canal.Batch;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogException.Reason;
import org.binlogload.canal.BinlogPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canal's parser, sink and ring wired by hand, with the cursor persisted in a {@link org.binlogload.canal.DurableStore}
 * on every ack. One consumer thread calls get/ack/rollback; the parser runs on Canal's own thread.
 */
public final class CanalReader {
  private static final Logger LOG = LoggerFactory.getLogger(CanalReader.class);

  private final ReaderConfig config;
  private final RowDecoder rowDecoder = new RowDecoder();
  private final SavedCursor savedCursor;
  private final Reconnects reconnects;
  private final RingConsumer consumer;

  private SafeMysqlEventParser parser;
  private RingSink sink;
  private volatile BoundedEventStore store;
  private TableMetaTSDB tableMeta;

  private volatile Cursor cursor;
  private volatile boolean running;

  public CanalReader(ReaderConfig config) {
    this.config = config;
    this.savedCursor = new SavedCursor(config);
    this.reconnects = new Reconnects(config, () -> running, () -> cursor);
    this.consumer = new RingConsumer(config.name(), reconnects);
  }

  /** Checks the source, resolves and persists the start position, snapshots the tracked tables there, starts Canal. */
  public synchronized void start() {
    if (running) {
      throw new IllegalStateException(config.name() + " is already started");
    }
    SourceInspector.SourceState state;
    try (SourceInspector inspector = new SourceInspector(config)) {
      state = inspector.inspect();
      cursor = savedCursor.startCursor(state);
    }
    tableMeta = config.tableMetaFactory().create(config.store(), new TableMetaFactory.Connection(config.name(),
        config.host(), config.port(), config.user(), config.password()));
    if (!cursor.gtidMode() && tableMeta instanceof DatabaseTableMeta history) {
      firstSnapshot(history);
    }
    reconnects.reset();
    LOG.info("{}: reading {}:{} from {} (acked {})", config.name(), config.host(), config.port(), cursor.resume(),
        cursor.acked());
    buildAndStart(state);
    consumer.start(store, cursor.acked());
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
    Cursor saved = savedCursor.load();
    if (saved != null && saved.gtidMode()) {
      throw new BinlogException(Reason.CONFIGURATION, true, config.name() + " reads by GTID; a rewind to the file "
          + "position " + position + " is not supported in GTID mode");
    }
    Cursor c = new Cursor(BinlogPosition.of(position.file(), position.offset(), -1, null, position.timestampMillis(),
        position.serverId()), null, false);
    savedCursor.save(c);
    cursor = c;
    LOG.info("{}: rewound to {} (was {})", config.name(), position, saved == null ? "none" : saved.acked());
  }

  private void buildAndStart(SourceInspector.SourceState state) {
    store = new BoundedEventStore(config.ringEntries(), config.ringBytes());
    store.start();

    sink = new RingSink(store, rowDecoder);
    sink.start();

    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    parser = new SafeMysqlEventParser(config, rowDecoder, reconnects::onDumpError, reconnects::onDumpEnd,
        reconnects::onConnected);
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
    reconnects.attach(parser, store);
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

  /** Up to {@code maxEntries} events, waiting at most {@code timeout} for the first. */
  public synchronized Batch get(int maxEntries, Duration timeout) {
    checkRunning();
    return consumer.get(maxEntries, timeout);
  }

  /** Acks {@code batchId} and every earlier batch; persists the cursor before releasing the ring. */
  public synchronized void ack(long batchId) {
    checkRunning();
    consumer.ack(batchId, cursor, next -> {
      savedCursor.save(next);
      cursor = next;
    });
  }

  /** Makes a waiting (or the next) {@link #get} return at once; any thread may call it. */
  public void wakeUp() {
    BoundedEventStore s = store;
    if (s != null) {
      s.wakeUpConsumer();
    }
  }

  /**
   * Un-acked batches are delivered again: the reader starts over from its saved cursor as after a restart, because the
   * ring drops an entry's rows once it handed them out.
   */
  public synchronized void rollback() {
    checkRunning();
    stop();
    start();
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
      reconnects.stop();
      if (sink != null && sink.isStart()) {
        sink.stop();
      }
      if (store != null && store.isStart()) {
        store.stop();
      }
      consumer.clear();
    }
  }

  private void checkRunning() {
    if (!running) {
      reconnects.throwIfFailed();
      throw new IllegalStateException(config.name() + " is not started");
    }
  }
}
