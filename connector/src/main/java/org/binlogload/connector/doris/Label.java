package org.binlogload.connector.doris;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A deterministic Stream Load label derived from job, table and the end of the binlog range a load covers,
 * so that a retry of the same load carries the same label and Doris deduplicates it.
 */
public final class Label {
  /** What Doris accepts as a label. */
  public static final Pattern VALID = Pattern.compile("^[-_A-Za-z0-9:]{1,128}$");
  private static final int MAX = 128;
  private static final int HASH_CHARS = 16;

  private final String value;

  private Label(String value) {
    this.value = value;
  }

  /**
   * The label of the load of {@code table} by {@code job} covering the binlog up to {@code rangeEnd}:
   * a readable, sanitised prefix and a hash of the exact inputs, so distinct inputs never share a label.
   */
  public static Label of(String job, String table, String rangeEnd) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(rangeEnd, "rangeEnd");
    String hash = sha256Hex(job.length() + ":" + job + "|" + table.length() + ":" + table + "|" + rangeEnd);
    String readable = "bl_" + sanitise(job) + "_" + sanitise(table) + "_" + sanitise(rangeEnd);
    int room = MAX - 1 - HASH_CHARS;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    return new Label(readable + "-" + hash.substring(0, HASH_CHARS));
  }

  /** A label given verbatim, checked against {@link #VALID}. */
  public static Label parse(String value) {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("label '" + value + "' does not match " + VALID.pattern());
    }
    return new Label(value);
  }

  private static String sanitise(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
      b.append(ok ? c : '_');
    }
    return b.toString();
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder(d.length * 2);
      for (byte x : d) {
        b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The label text sent in the {@code label} header. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Label && ((Label) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
