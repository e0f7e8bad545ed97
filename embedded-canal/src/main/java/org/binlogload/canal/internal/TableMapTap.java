package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.driver.mysql.MysqlConnector;
import com.alibaba.otter.canal.parse.driver.mysql.socket.SocketChannel;
import com.alibaba.otter.canal.parse.inbound.EventTransactionBuffer;
import com.alibaba.otter.canal.parse.inbound.SinkFunction;
import com.alibaba.otter.canal.parse.inbound.ErosaConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlMultiStageCoprocessor;
import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert;
import com.taobao.tddl.dbsync.binlog.LogBuffer;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * Hands the bytes of every table-map event Canal's dump reads to {@link TableMapCharsets}: on the serial path from
 * the dump's receive buffer while Canal sinks the decoded event, on the parallel path as the event is published.
 */
final class TableMapTap {
  private TableMapTap() {}

  /** {@code sink} with the charsets of each table-map event read first; the connector's channel is watched for that. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static SinkFunction sink(MysqlConnection connection, SinkFunction sink) {
    MysqlConnector connector = connection.getConnector();
    boolean mariaDb = connection.isMariaDB();
    SocketChannel c = connector.getChannel();
    Recording channel = c instanceof Recording r ? r : new Recording(c);
    connector.setChannel(channel);
    return event -> {
      if (event instanceof TableMapLogEvent map) {
        TableMapCharsets.fromDumpBuffer(map, channel.last, mariaDb); // the dump reads the next event only after this returns
      }
      return sink.sink(event);
    };
  }

  /** A channel that remembers the array it last read into: Canal's dump reads each event into its own buffer. */
  private static final class Recording implements SocketChannel {
    private final SocketChannel channel;
    private volatile byte[] last;

    Recording(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void read(byte[] data, int off, int len, int timeout) throws IOException {
      channel.read(data, off, len, timeout);
      last = data;
    }

    @Override
    public void write(byte[]... buf) throws IOException {
      channel.write(buf);
    }

    @Override
    public byte[] read(int readSize) throws IOException {
      return channel.read(readSize);
    }

    @Override
    public byte[] read(int readSize, int timeout) throws IOException {
      return channel.read(readSize, timeout);
    }

    @Override
    public boolean isConnected() {
      return channel.isConnected();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return channel.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return channel.getLocalSocketAddress();
    }

    @Override
    public void close() {
      channel.close();
    }
  }

  /** Canal's parallel stages, keeping the bytes of each table-map event published to them. */
  static final class Coprocessor extends MysqlMultiStageCoprocessor {
    private final PublishedTableMaps published = new PublishedTableMaps();
    private volatile boolean mariaDb;

    Coprocessor(int ringBufferSize, int parserThreads, LogEventConvert convert, EventTransactionBuffer buffer,
        String destination, boolean filterInsert, boolean filterUpdate, boolean filterDelete) {
      super(ringBufferSize, parserThreads, convert, buffer, destination, filterInsert, filterUpdate, filterDelete);
    }

    @Override
    public void setConnection(ErosaConnection connection) {
      super.setConnection(connection);
      mariaDb = connection instanceof MysqlConnection c && c.isMariaDB();
    }

    @Override
    public boolean publish(LogBuffer buffer) {
      int from = buffer.position();
      if (buffer.limit() - from > 25 && buffer.getUint8(from + 4) == LogEvent.TABLE_MAP_EVENT) {
        published.add(buffer.getData(from, buffer.limit() - from), mariaDb);
      }
      return super.publish(buffer);
    }

    /** The table maps this coprocessor published, for the converter of its serial stage. */
    PublishedTableMaps published() {
      return published;
    }
  }
}
