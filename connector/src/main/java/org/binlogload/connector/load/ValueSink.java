package org.binlogload.connector.load;

import java.io.IOException;

/**
 * Receives one row's values in column order; a packed row hands its common types over unboxed, anything else (and
 * every value of a row kept as it is) as the object.
 */
public interface ValueSink {
  /** SQL NULL. */
  void nullValue() throws IOException;

  /** A Long, Integer, Short or Byte. */
  void integer(long v) throws IOException;

  /** A String's chars {@code [0, length)}; the array is reused for the next value. */
  void text(char[] chars, int length) throws IOException;

  /** A BigDecimal of at most 63 bits unscaled. */
  void decimal(long unscaled, int scale) throws IOException;

  /** A LocalDateTime. */
  void dateTime(long epochDay, long nanoOfDay) throws IOException;

  /** A LocalDate. */
  void date(long epochDay) throws IOException;

  /** A Double. */
  void doubleValue(double v) throws IOException;

  /** A Float. */
  void floatValue(float v) throws IOException;

  /** A Boolean. */
  void bool(boolean v) throws IOException;

  /** Any other value, as it was. */
  void value(Object v) throws IOException;
}
