package org.binlogload.canal.internal.schema;

import com.alibaba.otter.canal.parse.inbound.TableMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogPosition;

/** Checks a tracked table definition against the column names a table-map event carries (binlog_row_metadata=FULL). */
public final class SchemaCheck {
  private SchemaCheck() {}

  /**
   * Throws a fatal {@link BinlogException} ({@code SCHEMA_MISMATCH}) when {@code binlogColumnNames} differ from the
   * columns of {@code tracked}; does nothing when the binlog carries no names (null, or any name null).
   */
  public static void verify(TableMeta tracked, String[] binlogColumnNames, BinlogPosition position) {
    if (tracked == null || binlogColumnNames == null) {
      return;
    }
    for (String n : binlogColumnNames) {
      if (n == null) {
        return;
      }
    }
    List<TableMeta.FieldMeta> fields = tracked.getFields();
    boolean same = fields.size() == binlogColumnNames.length;
    for (int i = 0; same && i < binlogColumnNames.length; i++) {
      same = fields.get(i).getColumnName().equalsIgnoreCase(binlogName(binlogColumnNames[i]));
    }
    if (!same) {
      throw mismatch(tracked, Arrays.stream(binlogColumnNames).map(SchemaCheck::binlogName).toList(), position);
    }
  }

  /**
   * A column name of a table-map event as MySQL spells it: the metadata is UTF-8, which Canal's parser reads as
   * ISO-8859-1 (one char per byte), so the bytes are decoded again; a name already decoded is returned as it is.
   */
  public static String binlogName(String raw) {
    if (raw == null) {
      return null;
    }
    boolean ascii = true;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c > 0xFF) {
        return raw;
      }
      ascii &= c < 0x80;
    }
    if (ascii) {
      return raw;
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return raw; // not UTF-8 read one byte per char: decoded already
    }
  }

  static BinlogException mismatch(TableMeta tracked, List<String> binlogColumns, BinlogPosition position) {
    List<String> trackedColumns = new ArrayList<>();
    for (TableMeta.FieldMeta f : tracked.getFields()) {
      trackedColumns.add(f.getColumnName());
    }
    return new BinlogException(BinlogException.Reason.SCHEMA_MISMATCH, true, "rows of `" + tracked.getSchema()
        + "`.`" + tracked.getTable() + "` at " + position + " do not match the tracked table definition: tracked columns "
        + trackedColumns + ", binlog columns " + binlogColumns + " (binlog_row_metadata=FULL); decoding them would put "
        + "values in the wrong columns. The schema history missed or misapplied a DDL on this table: start the job "
        + "again from a position after the table's last DDL and reload the table");
  }
}
