package org.binlogload.canal.internal.schema;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.internal.schema.HistoryRecord.Ddl;
import org.binlogload.canal.internal.schema.HistoryRecord.Define;
import org.binlogload.canal.internal.schema.HistoryRecord.Snapshot;
import org.binlogload.canal.internal.schema.HistoryRecord.TableDefinition;
import org.binlogload.canal.internal.schema.HistoryRecord.TableName;

/**
 * The binary form of a schema history: magic {@code BLSH}, a format version, the records, and a CRC32 of everything
 * before it. See docs/schema-history.md for the layout.
 */
public final class HistoryCodec {
  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  static final byte[] MAGIC = {'B', 'L', 'S', 'H'};
  private static final int SNAPSHOT = 1;
  private static final int DDL = 2;
  private static final int DEFINE = 3;

  private HistoryCodec() {}

  /** The bytes of {@code records}. */
  public static byte[] encode(List<HistoryRecord> records) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeShort(FORMAT_VERSION);
      out.writeInt(records.size());
      for (HistoryRecord r : records) {
        if (r instanceof Snapshot s) {
          out.writeByte(SNAPSHOT);
          writePosition(out, s.position());
          out.writeInt(s.tables().size());
          for (TableDefinition t : s.tables()) {
            writeName(out, t.name());
            out.writeBoolean(t.known());
            writeString(out, t.known() ? t.createSql() : t.unknownReason());
          }
        } else if (r instanceof Ddl d) {
          out.writeByte(DDL);
          writePosition(out, d.position());
          writeString(out, d.defaultSchema());
          writeString(out, d.sql());
        } else if (r instanceof Define d) {
          out.writeByte(DEFINE);
          writePosition(out, d.position());
          writeName(out, d.name());
          writeString(out, d.createSql());
          writeString(out, d.cause());
        }
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The records in {@code data}; {@code where} names the stored value in errors.
   *
   * @throws HistoryFormatException when the bytes are not a complete history this version can read
   */
  public static List<HistoryRecord> decode(byte[] data, String where) {
    if (data.length < MAGIC.length + 2 + 4 + 4 || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
      throw new HistoryFormatException(where + " is not a schema history (no BLSH header, " + data.length + " bytes)");
    }
    int version = ((data[4] & 0xff) << 8) | (data[5] & 0xff);
    if (version != FORMAT_VERSION) {
      throw new HistoryFormatException(where + " has schema history format " + version + "; this version reads format "
          + FORMAT_VERSION);
    }
    int body = data.length - 4;
    CRC32 crc = new CRC32();
    crc.update(data, 0, body);
    int stored = ((data[body] & 0xff) << 24) | ((data[body + 1] & 0xff) << 16) | ((data[body + 2] & 0xff) << 8)
        | (data[body + 3] & 0xff);
    if ((int) crc.getValue() != stored) {
      throw new HistoryFormatException(where + " is corrupted: checksum mismatch over " + data.length + " bytes");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 6, body - 6));
      int count = in.readInt();
      if (count < 0) {
        throw new HistoryFormatException(where + " is corrupted: record count " + count);
      }
      List<HistoryRecord> records = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        int kind = in.readUnsignedByte();
        BinlogPosition position = readPosition(in);
        switch (kind) {
          case SNAPSHOT -> {
            int n = in.readInt();
            List<TableDefinition> tables = new ArrayList<>(Math.max(0, Math.min(n, 1 << 16)));
            for (int j = 0; j < n; j++) {
              TableName name = readName(in);
              boolean known = in.readBoolean();
              String text = readString(in);
              tables.add(known ? new TableDefinition(name, text, null) : new TableDefinition(name, null, text));
            }
            records.add(new Snapshot(position, tables));
          }
          case DDL -> records.add(new Ddl(position, readString(in), readString(in)));
          case DEFINE -> records.add(new Define(position, readName(in), readString(in), readString(in)));
          default -> throw new HistoryFormatException(where + " is corrupted: unknown record kind " + kind
              + " at record " + i);
        }
      }
      if (in.available() != 0) {
        throw new HistoryFormatException(where + " is corrupted: " + in.available() + " bytes after the last record");
      }
      return records;
    } catch (EOFException e) {
      throw new HistoryFormatException(where + " is corrupted: truncated", e);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new HistoryFormatException(where + " is corrupted: " + e.getMessage(), e);
    }
  }

  private static void writePosition(DataOutputStream out, BinlogPosition p) throws IOException {
    writeString(out, p.file());
    out.writeLong(p.offset());
    out.writeLong(p.timestampMillis());
    out.writeLong(p.serverId());
  }

  private static BinlogPosition readPosition(DataInputStream in) throws IOException {
    String file = readString(in);
    long offset = in.readLong();
    long timestamp = in.readLong();
    long serverId = in.readLong();
    return BinlogPosition.of(file, offset).withTimestamp(timestamp).withServerId(serverId);
  }

  private static void writeName(DataOutputStream out, TableName name) throws IOException {
    writeString(out, name.schema());
    writeString(out, name.table());
  }

  private static TableName readName(DataInputStream in) throws IOException {
    return new TableName(readString(in), readString(in));
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.available()) {
      throw new IOException("string length " + n + " exceeds the remaining " + in.available() + " bytes");
    }
    byte[] b = in.readNBytes(n);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The stored schema history cannot be read. */
  public static final class HistoryFormatException extends RuntimeException {
    HistoryFormatException(String message) {
      super(message);
    }

    HistoryFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
