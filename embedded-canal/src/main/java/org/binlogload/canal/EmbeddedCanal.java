package org.binlogload.canal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.binlogload.canal.internal.CanalReader;
import org.binlogload.canal.internal.ReaderConfig;
import org.binlogload.canal.internal.TableMetaFactory;

/**
 * A Canal binlog reader running in this JVM: {@link #get} batches of change events, {@link #ack} them to move the
 * saved cursor, {@link #rollback} to have un-acked batches delivered again.
 *
 * <p>After a restart it resumes from the saved cursor and never delivers again a row at or before the last acked
 * position, so only the un-acked tail is replayed. Methods are safe to call from one consumer thread.
 */
public final class EmbeddedCanal implements AutoCloseable {
  private final CanalReader reader;
  private final ReaderConfig config;

  private EmbeddedCanal(ReaderConfig config) {
    this.config = config;
    this.reader = new CanalReader(config);
  }

  /** A builder; name, host, port, user, password, serverId and a store (or data dir) are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks credentials, privileges and that the binlog is on and ROW, resolves the start position (persisting it
   * before the first event is read), snapshots the tracked tables' definitions there, and starts reading; a DDL
   * issued after this returns is read from the binlog in order.
   *
   * @throws BinlogException naming user@host:port, the variable and the fix when the source cannot be read
   */
  public void start() {
    reader.start();
  }

  /**
   * The events of up to {@code maxEntries} binlog entries (a rows event is one entry and gives one {@link RowChange}
   * per row), waiting at most {@code timeout} for the first; an empty batch when none arrived. A DDL statement arrives
   * alone in its batch. The batch stays un-acked until {@link #ack}.
   *
   * @throws BinlogException when the reader failed fatally (for example the position was purged, error 1236)
   */
  public Batch get(int maxEntries, Duration timeout) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries <= 0");
    }
    Objects.requireNonNull(timeout, "timeout == null");
    return reader.get(maxEntries, timeout);
  }

  /** Acknowledges batch {@code batchId} and every earlier batch, and persists the cursor atomically. */
  public void ack(long batchId) {
    reader.ack(batchId);
  }

  /**
   * Makes a {@link #get} waiting now (or the next one) return at once, possibly with an empty batch; any thread may
   * call it (a committer whose commit lets the consumer ack).
   */
  public void wakeUp() {
    reader.wakeUp();
  }

  /**
   * Forgets every un-acked batch; their events are delivered again by the next {@link #get}, read again from the server
   * (the reader restarts at its saved cursor: the ring keeps no rows it handed out).
   */
  public void rollback() {
    reader.rollback();
  }

  /** The last acked position (what is persisted); before any ack, the resolved start position. */
  public BinlogPosition position() {
    return reader.position();
  }

  /**
   * Restarts the reader from {@code position}, a transaction boundary (for example a consistent snapshot's binlog
   * position): stops it if it runs, saves the cursor there, and starts it, so every event after {@code position} is
   * delivered (again, when it lies before the last acked position; a later one skips what lies between, for a caller
   * that copies the tables again after a purge). File positions only (not in GTID mode).
   *
   * @throws BinlogException when the reader reads by GTID or the position's file was purged
   */
  public void restartFrom(BinlogPosition position) {
    Objects.requireNonNull(position, "position");
    reader.stop();
    reader.rewind(position);
    reader.start();
  }

  /** The instance name this reader was built with. */
  public String name() {
    return config.name();
  }

  /** Stops reading and releases the connection; the saved cursor is kept. */
  public void stop() {
    reader.stop();
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "EmbeddedCanal[" + config.name() + ", " + config.address() + "]";
  }

  /** Builds an {@link EmbeddedCanal}. */
  public static final class Builder {
    private String name;
    private String host;
    private int port = 3306;
    private String user;
    private String password;
    private long serverId = -1;
    private final List<String> include = new ArrayList<>();
    private StartPosition startPosition = StartPosition.latest();
    private DurableStore store;
    private int ringEntries = 1024;
    private long ringBytes = 64L * 1024 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration maxReconnectBackoff = Duration.ofSeconds(30);
    private TableMetaFactory tableMetaFactory;
    private boolean parallelParsing;

    private Builder() {}

    /**
     * Whether Canal parses in parallel (its event-parsing stages on a disruptor ring, rows events decoded on several
     * threads); off by default: see docs/embedded-canal.md for what it measured.
     */
    public Builder parallelParsing(boolean parallelParsing) {
      this.parallelParsing = parallelParsing;
      return this;
    }

    /** The instance (destination) name, {@code [A-Za-z0-9_-]+}; it keys the saved cursor in the store. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** A user with SELECT, REPLICATION SLAVE and REPLICATION CLIENT. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The replica server id this reader registers with; unique among the source's replicas. */
    public Builder serverId(long serverId) {
      this.serverId = serverId;
      return this;
    }

    /** Tables to read, each {@code schema.table} or {@code schema.*}; none means every table. */
    public Builder include(String... tables) {
      for (String t : tables) {
        Objects.requireNonNull(t, "include == null");
        int dot = t.indexOf('.');
        if (dot <= 0 || dot == t.length() - 1 || t.indexOf('.', dot + 1) >= 0) {
          throw new IllegalArgumentException("include is not schema.table or schema.*: " + t);
        }
        include.add(t);
      }
      return this;
    }

    /** Where to start when no cursor was saved; latest by default. */
    public Builder startPosition(StartPosition startPosition) {
      this.startPosition = Objects.requireNonNull(startPosition, "startPosition == null");
      return this;
    }

    /** Where the cursor (and schema history) are kept. */
    public Builder store(DurableStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** Shorthand for {@code store(DurableStore.directory(dir))}. */
    public Builder dataDir(Path dir) {
      return store(DurableStore.directory(Objects.requireNonNull(dir, "dataDir == null")));
    }

    /** The most binlog entries held in memory between the reader and the consumer (a power of two); 1024 by default. */
    public Builder ringEntries(int ringEntries) {
      this.ringEntries = ringEntries;
      return this;
    }

    /** The most binlog bytes held in memory between the reader and the consumer; 64 MiB by default. */
    public Builder ringBytes(long ringBytes) {
      this.ringBytes = ringBytes;
      return this;
    }

    /** How long to wait for the source to accept a connection; 10 s by default. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout == null");
      return this;
    }

    /** How long a silent binlog connection may stay silent before it is considered broken; 30 s by default. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout == null");
      return this;
    }

    /**
     * The longest pause between reconnect attempts, which double from 1 s; Canal's own pause of 10-20 s applies
     * beyond about 9 s. 30 s by default.
     */
    public Builder maxReconnectBackoff(Duration maxReconnectBackoff) {
      this.maxReconnectBackoff = Objects.requireNonNull(maxReconnectBackoff, "maxReconnectBackoff == null");
      return this;
    }

    /** Validates the settings and builds the reader (not started). */
    public EmbeddedCanal build() {
      if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("name is not [A-Za-z0-9_-]+: " + name);
      }
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host is empty");
      }
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port not in 1..65535: " + port);
      }
      if (user == null || user.isEmpty()) {
        throw new IllegalArgumentException("user is empty");
      }
      if (password == null) {
        throw new IllegalArgumentException("password == null (use \"\" for none)");
      }
      if (serverId <= 0 || serverId > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("serverId not in 1..4294967295: " + serverId);
      }
      if (store == null) {
        throw new IllegalArgumentException("store == null (set store(...) or dataDir(...))");
      }
      if (ringEntries <= 0 || Integer.bitCount(ringEntries) != 1) {
        throw new IllegalArgumentException("ringEntries is not a positive power of two: " + ringEntries);
      }
      if (ringBytes <= 0) {
        throw new IllegalArgumentException("ringBytes <= 0");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout <= 0");
      }
      if (readTimeout.isNegative() || readTimeout.isZero()) {
        throw new IllegalArgumentException("readTimeout <= 0");
      }
      if (maxReconnectBackoff.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("maxReconnectBackoff < 1s");
      }
      TableMetaFactory tm = tableMetaFactory != null ? tableMetaFactory : TableMetaFactory.defaultFactory();
      return new EmbeddedCanal(new ReaderConfig(name, host, port, user, password, serverId, List.copyOf(include),
          startPosition, store, ringEntries, ringBytes, connectTimeout, readTimeout, maxReconnectBackoff, tm,
          parallelParsing));
    }

    /** Replaces the table-definition history (tests and the schema-history wiring); null keeps the default. */
    Builder tableMetaFactory(TableMetaFactory factory) {
      this.tableMetaFactory = factory;
      return this;
    }
  }
}
