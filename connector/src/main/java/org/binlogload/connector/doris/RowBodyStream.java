package org.binlogload.connector.doris;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.binlogload.connector.load.LoadColumns;
import org.binlogload.connector.load.RowCursor;

/**
 * The body of a Stream Load as an input stream that encodes rows into JSON lines only as the HTTP client reads,
 * so a batch is never materialised: at most about {@link #CHUNK} bytes plus one row are buffered.
 */
final class RowBodyStream extends InputStream {
  static final int CHUNK = 64 * 1024;
  // Jackson's Schubfach writer: the shortest text that reads back as the same double or float, without Double.toString
  private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .build();

  private final RowSource source;
  private final JsonRowEncoder encoder;
  private final Buffer buffer = new Buffer();
  private JsonGenerator generator;
  private RowCursor rows;
  private LoadColumns columns;
  private SerializableString[] fieldNames;
  private int pos;
  private long bytes;
  private long rowCount;
  private int peakBuffered;
  private boolean opened;
  private boolean done;
  private volatile RuntimeException failure;

  RowBodyStream(RowSource source, JsonRowEncoder encoder) {
    this.source = source;
    this.encoder = encoder;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= buffer.size() && !refill()) {
      return -1;
    }
    int n = Math.min(len, buffer.size() - pos);
    System.arraycopy(buffer.array(), pos, b, off, n);
    pos += n;
    bytes += n;
    return n;
  }

  private boolean refill() throws IOException {
    if (done) {
      return false;
    }
    try {
      if (!opened) {
        opened = true;
        rows = source.cursor();
        generator = JSON.createGenerator(buffer);
        generator.setRootValueSeparator(null);
      }
      buffer.reset();
      pos = 0;
      // the generator buffers up to 8000 bytes itself: flushed when the chunk is full, not per row
      while (buffer.size() + generator.getOutputBuffered() < CHUNK && rows.next()) {
        rowCount++;
        if (rows.columns() != columns) {
          columns = rows.columns();
          fieldNames = encoder.fieldNames(columns);
        }
        encoder.write(generator, rows, fieldNames, rowCount);
        generator.writeRaw('\n');
      }
      generator.flush();
      peakBuffered = Math.max(peakBuffered, buffer.size());
      if (buffer.size() == 0) {
        done = true;
        return false;
      }
      return true;
    } catch (RuntimeException e) {
      failure = e;
      done = true;
      throw new IOException("row " + rowCount + " cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** Whether the row source was opened (the body started to be sent). */
  boolean opened() {
    return opened;
  }

  /** Bytes handed to the HTTP client so far. */
  long bytes() {
    return bytes;
  }

  /** Rows encoded so far. */
  long rowCount() {
    return rowCount;
  }

  /** The largest amount of encoded body held in memory at once. */
  int peakBuffered() {
    return peakBuffered;
  }

  /** The exception a row source or the encoder threw, or null. */
  RuntimeException failure() {
    return failure;
  }

  /** A byte array output stream whose array can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(CHUNK + 8 * 1024);
    }

    byte[] array() {
      return buf;
    }
  }
}
