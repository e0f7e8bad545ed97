package org.binlogload.connector.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Deterministic Stream Load labels from (job, target table, round end), valid for Doris ({@code [-_A-Za-z0-9:]{1,128}}). */
final class Labels {
  private Labels() {}

  /** The label of the load of {@code db.table} by {@code job} in the round ending at {@code end}. */
  static String of(String job, String db, String table, Position end) {
    String exact = job + "|" + db + "." + table + "|" + end;
    String readable = "bl_" + clean(job) + "_" + clean(table) + "_" + clean(end.toString());
    if (readable.length() > 110) {
      readable = readable.substring(0, 110);
    }
    return readable + "-" + sha256(exact).substring(0, 16);
  }

  private static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
      b.append(ok ? c : '_');
    }
    return b.toString();
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (byte x : d) {
        b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
