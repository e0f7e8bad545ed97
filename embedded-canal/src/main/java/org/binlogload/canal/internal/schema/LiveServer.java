package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.driver.mysql.packets.server.FieldPacket;
import com.alibaba.otter.canal.parse.driver.mysql.packets.server.ResultSetPacket;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;

/** What the schema history reads from the live server: table definitions and the binlog's query events. */
public final class LiveServer {
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "performance_schema", "mysql", "sys");
  private static final int PAGE = 5000;

  private final MysqlConnection connection;

  /** Reads through {@code connection}, which must be connected. */
  public LiveServer(MysqlConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection == null");
  }

  /** A query event of the binlog: its position, default schema prefix included in {@code info}. */
  record QueryEvent(BinlogPosition position, String info) {}

  /** The {@code SHOW CREATE TABLE} text of {@code table}, or empty when the table does not exist (error 1146). */
  Optional<String> showCreateTable(TableName table) throws IOException {
    ResultSetPacket packet;
    try {
      packet = query("SHOW CREATE TABLE " + quote(table.schema()) + "." + quote(table.table()));
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("errorNumber=1146") || m.contains("errorNumber=1049")) {
        return Optional.empty();
      }
      throw e;
    }
    List<String> row = packet.getFieldValues();
    if (packet.getFieldDescriptors().size() != 2 || row.size() < 2) {
      return Optional.empty(); // a view has four columns; rows never come from views
    }
    return Optional.of(row.get(1));
  }

  /** The base tables of every non-system schema accepted by {@code include}. */
  List<TableName> baseTables(Predicate<TableName> include) throws IOException {
    ResultSetPacket dbs = query("SHOW DATABASES");
    List<TableName> tables = new ArrayList<>();
    for (String schema : column(dbs, 0)) {
      if (SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
        continue;
      }
      ResultSetPacket t = query("SHOW FULL TABLES FROM " + quote(schema) + " WHERE Table_type = 'BASE TABLE'");
      for (String table : column(t, 0)) {
        TableName name = new TableName(schema, table);
        if (include.test(name)) {
          tables.add(name);
        }
      }
    }
    return tables;
  }

  /**
   * Every query event from {@code from} (inclusive) to the current end of the binlog, in order; stops early when
   * {@code visitor} returns false.
   */
  void scanQueries(BinlogPosition from, Predicate<QueryEvent> visitor) throws IOException {
    List<String> files = column(query("SHOW BINARY LOGS"), 0);
    long fromSeq = from.fileSequence();
    for (String file : files) {
      BinlogPosition first = BinlogPosition.of(file, 4);
      long seq = first.fileSequence();
      boolean same = file.equals(from.file());
      if (!same && (seq < 0 || fromSeq < 0 ? file.compareTo(from.file()) < 0 : seq < fromSeq)) {
        continue;
      }
      long pos = same ? Math.max(4, from.offset()) : 4;
      while (true) {
        ResultSetPacket page = query("SHOW BINLOG EVENTS IN '" + file.replace("'", "''") + "' FROM " + pos
            + " LIMIT " + PAGE);
        int width = page.getFieldDescriptors().size();
        int posCol = index(page, "Pos");
        int typeCol = index(page, "Event_type");
        int endCol = index(page, "End_log_pos");
        int infoCol = index(page, "Info");
        List<String> v = page.getFieldValues();
        int rows = width == 0 ? 0 : v.size() / width;
        long next = pos;
        for (int r = 0; r < rows; r++) {
          String type = v.get(r * width + typeCol);
          long at = Long.parseLong(v.get(r * width + posCol));
          next = Long.parseLong(v.get(r * width + endCol));
          if ("Query".equalsIgnoreCase(type)) {
            String info = v.get(r * width + infoCol);
            if (!visitor.test(new QueryEvent(BinlogPosition.of(file, at), info == null ? "" : info))) {
              return;
            }
          }
        }
        if (rows < PAGE || next <= pos) {
          break;
        }
        pos = next;
      }
    }
  }

  /** Whether the server logs column names and metadata in table-map events ({@code binlog_row_metadata=FULL}). */
  boolean fullRowMetadata() throws IOException {
    ResultSetPacket p = query("SHOW VARIABLES LIKE 'binlog_row_metadata'");
    List<String> v = p.getFieldValues();
    return v.size() >= 2 && "FULL".equalsIgnoreCase(v.get(1));
  }

  /** The position the next binlog event will be written at ({@code SHOW MASTER STATUS}). */
  BinlogPosition binlogEnd() throws IOException {
    List<String> v = query("SHOW MASTER STATUS").getFieldValues();
    if (v.size() < 2) {
      throw new IOException("SHOW MASTER STATUS returned no row: is the binlog on?");
    }
    return BinlogPosition.of(v.get(0), Long.parseLong(v.get(1)));
  }

  private ResultSetPacket query(String sql) throws IOException {
    synchronized (connection) {
      return connection.query(sql);
    }
  }

  private static int index(ResultSetPacket p, String name) throws IOException {
    List<FieldPacket> fields = p.getFieldDescriptors();
    for (int i = 0; i < fields.size(); i++) {
      if (name.equalsIgnoreCase(fields.get(i).getName())) {
        return i;
      }
    }
    throw new IOException("SHOW BINLOG EVENTS returned no column " + name);
  }

  private static List<String> column(ResultSetPacket p, int col) {
    int width = p.getFieldDescriptors().size();
    List<String> out = new ArrayList<>();
    List<String> v = p.getFieldValues();
    for (int i = col; width > 0 && i < v.size(); i += width) {
      out.add(v.get(i));
    }
    return out;
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
