package org.binlogload.connector.doris;

/** How {@code byte[]} values are written into the JSON body; the Doris column receiving them is a STRING. */
public enum BinaryEncoding {
  /** RFC 4648 base64 with padding (the default). */
  BASE64,
  /** Lower-case hexadecimal, two characters a byte. */
  HEX
}
