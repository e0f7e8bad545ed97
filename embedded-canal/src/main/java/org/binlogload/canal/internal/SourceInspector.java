package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.driver.mysql.packets.server.ResultSetPacket;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogSettings;

/** Checks the source before reading (credentials, binlog on and ROW/FULL, privileges) and lists its binlog files. */
final class SourceInspector implements AutoCloseable {
  /** A binlog file the server still has. */
  record BinaryLog(String file, long size) {}

  /** What the server says about its binlog. */
  record SourceState(String version, boolean mariaDb, long serverId, String masterFile, long masterOffset,
      String gtidCurrentPos, List<BinaryLog> binaryLogs) {
    BinaryLog find(String file) {
      for (BinaryLog b : binaryLogs) {
        if (b.file().equals(file)) {
          return b;
        }
      }
      return null;
    }
  }

  private final ReaderConfig config;
  private final ErrorClassifier errors;
  private final MysqlConnection connection;

  SourceInspector(ReaderConfig config) {
    this.config = config;
    this.errors = new ErrorClassifier(config);
    this.connection = new MysqlConnection(new InetSocketAddress(config.host(), config.port()), config.user(),
        config.password(), (byte) 33, null);
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
    connection.getConnector().setConnTimeout(timeout);
    connection.getConnector().setSoTimeout(timeout);
  }

  /** Connects and checks everything a reader needs; throws a fatal {@link BinlogException} naming the fix. */
  SourceState inspect() {
    try {
      connection.connect();
    } catch (IOException e) {
      throw errors.classify(e, null);
    }
    String where = config.host() + ":" + config.port();
    List<String> v = query("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id, @@version");
    BinlogSettings.check(v.get(0), v.get(1), v.get(2), where, BinlogSettings.Fix.SERVER_OPTIONS);
    String version = v.get(4);
    boolean maria = version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    List<String> master = query("SHOW MASTER STATUS");
    if (master.size() < 2) {
      throw BinlogSettings.noBinlog("SHOW MASTER STATUS", where, BinlogSettings.Fix.SERVER_OPTIONS);
    }
    String gtid = null;
    if (maria) {
      List<String> g = query("SELECT @@gtid_binlog_pos");
      gtid = g.isEmpty() ? null : g.get(0);
    }
    ResultSetPacket logs = result("SHOW BINARY LOGS");
    int width = Math.max(2, logs.getFieldDescriptors().size());
    List<String> values = logs.getFieldValues();
    List<BinaryLog> binaryLogs = new ArrayList<>();
    for (int i = 0; i + 1 < values.size(); i += width) {
      binaryLogs.add(new BinaryLog(values.get(i), Long.parseLong(values.get(i + 1))));
    }
    return new SourceState(version, maria, Long.parseLong(v.get(3)), master.get(0), Long.parseLong(master.get(1)),
        gtid, List.copyOf(binaryLogs));
  }

  private List<String> query(String sql) {
    return result(sql).getFieldValues();
  }

  private ResultSetPacket result(String sql) {
    try {
      return connection.query(sql);
    } catch (IOException e) {
      throw errors.classify(e, null);
    }
  }

  @Override
  public void close() {
    try {
      connection.disconnect();
    } catch (IOException e) {
      // The inspection is over; a failed close of its socket leaves nothing behind that matters.
      org.slf4j.LoggerFactory.getLogger(SourceInspector.class).debug("closing the inspection connection", e);
    }
  }
}
