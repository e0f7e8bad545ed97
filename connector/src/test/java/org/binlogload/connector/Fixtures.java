package org.binlogload.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Files saved by an earlier build, under {@code src/test/resources/formats/}, and their text. */
public final class Fixtures {
  private Fixtures() {
  }

  /** The bytes of {@code formats/<name>}. */
  public static byte[] format(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/formats/" + name)) {
      if (in == null) {
        throw new AssertionError("no fixture formats/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError("fixture formats/" + name, e);
    }
  }

  /** {@code b} as UTF-8 text. */
  public static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** {@code s} as UTF-8 bytes. */
  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
