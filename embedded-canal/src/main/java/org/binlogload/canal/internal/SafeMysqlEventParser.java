package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.driver.mysql.packets.GTIDSet;
import com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGTIDSet;
import com.alibaba.otter.canal.parse.inbound.ErosaConnection;
import com.alibaba.otter.canal.parse.inbound.SinkFunction;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlEventParser;
import com.alibaba.otter.canal.parse.exception.PositionNotFoundException;
import com.alibaba.otter.canal.parse.support.AuthenticationInfo;
import com.alibaba.otter.canal.protocol.position.EntryPosition;
import com.alibaba.otter.canal.protocol.position.LogPosition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Canal's MySQL parser with six changes: the start position always comes from our cursor (no silent jump to the
 * binlog end or to a timestamp), the replication password never reaches the registration packet Canal logs, MariaDB
 * GTID lists that are empty or span several domains are parsed, every connect and dump error is reported to us, the
 * charsets of table-map events are read from their bytes ({@link TableMapTap}), and
 * Canal's ERROR-with-stack-trace log of each retried failure goes to DEBUG ({@link ParserLogger}), since the reader
 * logs it in one line.
 */
final class SafeMysqlEventParser extends MysqlEventParser {
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final long replicaServerId;
  private final int soTimeoutMillis;
  private final Consumer<Throwable> onDumpError;
  private final Runnable onDumpEnd;
  private final Runnable onConnected;
  private final RowDecoder rowDecoder;

  SafeMysqlEventParser(ReaderConfig config, RowDecoder rowDecoder, Consumer<Throwable> onDumpError, Runnable onDumpEnd,
      Runnable onConnected) {
    ParserLogger.install(this);
    this.rowDecoder = rowDecoder;
    this.onDumpEnd = onDumpEnd;
    this.onConnected = onConnected;
    this.host = config.host();
    this.port = config.port();
    this.user = config.user();
    this.password = config.password();
    this.replicaServerId = config.serverId();
    this.soTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.readTimeout().toMillis());
    this.onDumpError = onDumpError;
  }

  @Override
  protected com.alibaba.otter.canal.parse.inbound.BinlogParser buildParser() {
    com.alibaba.otter.canal.parse.inbound.BinlogParser built = super.buildParser();
    if (built instanceof com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert convert) {
      // Rows decoded straight into typed values; with a schema history, the table-map column names
      // (binlog_row_metadata=FULL) checked against it.
      org.binlogload.canal.internal.schema.SchemaCheckingLogEventConvert c =
          org.binlogload.canal.internal.schema.SchemaCheckingLogEventConvert.of(convert);
      c.decodeRowsWith(rowDecoder);
      return c;
    }
    throw new IllegalStateException("Canal built a " + built.getClass().getName() + ", not a LogEventConvert");
  }

  @Override
  protected com.alibaba.otter.canal.parse.inbound.MultiStageCoprocessor buildMultiStageCoprocessor() {
    // as Canal builds it, keeping the bytes of table-map events for TableMapCharsets
    TableMapTap.Coprocessor c = new TableMapTap.Coprocessor(parallelBufferSize, parallelThreadSize,
        (com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert) binlogParser, transactionBuffer,
        destination, filterDmlInsert, filterDmlUpdate, filterDmlDelete);
    c.setEventsPublishBlockingTime(getEventsPublishBlockingTime());
    ((org.binlogload.canal.internal.schema.SchemaCheckingLogEventConvert) binlogParser).tableMapsFrom(c.published());
    return c;
  }

  Thread parseThread() {
    return parseThread;
  }

  @Override
  protected ErosaConnection buildErosaConnection() {
    InetSocketAddress address = new InetSocketAddress(host, port);
    MysqlConnection connection = new GtidSafeConnection(address, user, password, connectionCharsetNumber);
    connection.getConnector().setReceiveBufferSize(64 * 1024);
    connection.getConnector().setSendBufferSize(64 * 1024);
    connection.getConnector().setSoTimeout(soTimeoutMillis);
    connection.setCharset(StandardCharsets.UTF_8);
    connection.setReceivedBinlogBytes(receivedBinlogBytes);
    connection.setSlaveId(replicaServerId);
    // Canal logs the COM_REGISTER_SLAVE packet at INFO, and that packet reports the password from this info.
    // Authentication uses the connector's own copy, so the info keeps everything but the password.
    AuthenticationInfo reported = new AuthenticationInfo();
    reported.setAddress(address);
    reported.setUsername(user);
    reported.setPassword("");
    connection.setAuthInfo(reported);
    return connection;
  }

  @Override
  protected EntryPosition findStartPosition(ErosaConnection connection) throws IOException {
    LogPosition latest = getLogPositionManager().getLatestIndexBy(destination);
    if (latest == null || latest.getPostion() == null) {
      throw new PositionNotFoundException("no start position saved for " + destination);
    }
    EntryPosition p = latest.getPostion();
    EntryPosition copy = new EntryPosition(p.getJournalName(), p.getPosition(), p.getTimestamp(), p.getServerId());
    copy.setGtid(isGTIDMode() ? p.getGtid() : null);
    onConnected.run(); // Canal asks for the position once connected and logged in, just before the dump
    return copy;
  }

  @Override
  protected void afterDump(ErosaConnection connection) {
    super.afterDump(connection);
    Throwable last = exception;
    if (last instanceof com.taobao.tddl.dbsync.binlog.exception.TableIdNotFoundException) {
      // Canal catches this one without reporting it: the start position is inside a transaction, after its table
      // maps. Canal would look for the transaction's start; we never move a position by ourselves, so say so.
      exception = null;
      onDumpError.accept(new org.binlogload.canal.BinlogException(
          org.binlogload.canal.BinlogException.Reason.CONFIGURATION, true, "the start position is inside a"
          + " transaction (a rows event without its table map): " + last.getMessage()
          + "; start at a transaction boundary (a position from SHOW MASTER STATUS or SHOW BINLOG EVENTS)", last));
      return;
    }
    onDumpEnd.run(); // after an error or the server closing the stream (a clean shutdown sends EOF)
  }

  @Override
  protected void processDumpError(Throwable e) {
    onDumpError.accept(e);
    super.processDumpError(e);
  }

  /**
   * A connection whose GTID dump tracks the set with {@link SafeMariaGtidSet} and whose dumps read the charsets of
   * table-map events themselves ({@link TableMapCharsets}).
   */
  static final class GtidSafeConnection extends MysqlConnection {
    GtidSafeConnection(InetSocketAddress address, String user, String password, byte charsetNumber) {
      super(address, user, password, charsetNumber, null);
    }

    @Override
    public void dump(GTIDSet gtidSet, SinkFunction func) throws IOException {
      super.dump(gtidSet instanceof MariaGTIDSet || isMariaDB() ? SafeMariaGtidSet.of(gtidSet.toString()) : gtidSet,
          TableMapTap.sink(this, func));
    }

    @Override
    public void dump(String binlogfilename, Long binlogPosition, SinkFunction func) throws IOException {
      super.dump(binlogfilename, binlogPosition, TableMapTap.sink(this, func));
    }
  }
}
