package org.binlogload.connector.doris;

/**
 * How {@code byte[]} values are written into the JSON body. The default, {@link #HEX}, matches the ddl-translator's
 * type mapping (BINARY/VARBINARY to VARCHAR(2n), BLOB to STRING, holding MySQL's {@code HEX()} of the bytes).
 */
public enum BinaryEncoding {
  /** Upper-case hexadecimal, two characters a byte, as MySQL's {@code HEX()} (the default). */
  HEX,
  /** RFC 4648 base64 with padding. */
  BASE64
}
