package org.binlogload.connector.doris;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A request body read once from an input stream and sent chunked, {@link RowBodyStream#CHUNK} bytes at a time.
 *
 * <p>When reading the stream fails (a row that cannot be encoded, a row source that throws), the body must not end
 * as a well-formed chunked body: HttpClient closes the chunked stream after a failed {@code writeTo}, which writes the
 * last chunk, and Doris would load the rows sent so far. So the connection is closed first
 * ({@link #onSourceFailure}) and the server sees the body cut off, as the BE does when a client goes away mid-load.
 */
final class StreamedBody extends AbstractHttpEntity {
  /** The context attribute under which a request's streamed body is found. */
  static final String CONTEXT_ATTRIBUTE = StreamedBody.class.getName();

  private final InputStream in;
  private volatile boolean sourceFailed;
  private volatile Runnable onSourceFailure = () -> { };

  StreamedBody(InputStream in) {
    super((ContentType) null, null, true);
    this.in = in;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    byte[] buf = new byte[RowBodyStream.CHUNK];
    while (true) {
      int n;
      try {
        n = in.readNBytes(buf, 0, buf.length);
      } catch (IOException | RuntimeException e) {
        sourceFailed = true;
        onSourceFailure.run();
        throw e;
      }
      if (n <= 0) {
        return;
      }
      out.write(buf, 0, n);
      if (n < buf.length) {
        return;
      }
    }
  }

  /** Runs {@code abort} (closing the connection) when reading the stream fails, before the exception propagates. */
  void onSourceFailure(Runnable abort) {
    this.onSourceFailure = abort;
  }

  /** Whether the stream the body is read from threw. */
  boolean sourceFailed() {
    return sourceFailed;
  }

  @Override
  public InputStream getContent() {
    return in;
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public boolean isStreaming() {
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
