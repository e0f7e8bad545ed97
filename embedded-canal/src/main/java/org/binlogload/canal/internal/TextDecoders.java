package org.binlogload.canal.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Map;

/** Decoders of stored text in a character set other than UTF-8, built on a Java charset and the server's own facts. */
final class TextDecoders {
  private static final char NONE = '\uFFFF';

  /** Stored bytes that are not text in their column's character set as the reader reads it. */
  static final class UndecodableText extends IllegalArgumentException {
    UndecodableText(String message) {
      super(message);
    }
  }

  private TextDecoders() {}

  /** A one-byte character set: {@code cs}'s character of each byte, the server's {@code own} where listed. */
  static ColumnType.Decoder oneByte(String charset, Charset cs, Map<Integer, Character> own) {
    char[] table = new char[256];
    for (int b = 0; b < 256; b++) {
      CharBuffer one = CharBuffer.allocate(2);
      boolean mapped = !cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(new byte[] {(byte) b}), one, true).isError() && one.position() == 1;
      table[b] = own.containsKey(b) ? own.get(b) : mapped ? one.get(0) : NONE;
    }
    return stored -> {
      char[] c = new char[stored.length];
      for (int i = 0; i < stored.length; i++) {
        c[i] = table[stored[i] & 0xff];
        if (c[i] == NONE) {
          throw undecodable(charset, stored, i, 1);
        }
      }
      return new String(c);
    };
  }

  /**
   * A multi-byte character set: {@code cs}'s text, with each character of {@code replaced} (Java's) turned into the
   * server's, and the two-byte codes of {@code added}, which {@code cs} does not map, read as the server reads them;
   * with {@code eucUserDefined}, EUC-JP's user-defined rows 0xF5-0xFE (two bytes, and three after 0x8F) too, as the
   * server's private-use characters from U+E000 and U+E3AC.
   */
  static ColumnType.Decoder multiByte(String charset, Charset cs, Map<Integer, Character> replaced,
      Map<Integer, Character> added, boolean eucUserDefined) {
    int[] from = new int[replaced.size()];
    char[] to = new char[replaced.size()];
    int k = 0;
    for (Map.Entry<Integer, Character> e : replaced.entrySet()) {
      from[k] = e.getKey();
      to[k++] = e.getValue();
    }
    return stored -> {
      CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer in = ByteBuffer.wrap(stored);
      CharBuffer out = CharBuffer.allocate(stored.length + 1);
      while (true) {
        CoderResult r = d.decode(in, out, true);
        if (r.isUnderflow()) {
          d.flush(out);
          break;
        }
        if (r.isOverflow()) {
          CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
          out.flip();
          out = bigger.put(out);
          continue;
        }
        int at = in.position();
        int extra = eucUserDefined ? eucUserDefined(stored, at) : -1;
        if (extra < 0 && at + 1 < stored.length) {
          Character c = added.get((stored[at] & 0xff) << 8 | (stored[at + 1] & 0xff));
          extra = c == null ? -1 : 2 << 16 | c;
        }
        if (extra < 0) {
          throw undecodable(charset, stored, at, r.length());
        }
        out.put((char) extra);
        in.position(at + (extra >>> 16));
      }
      out.flip();
      if (from.length > 0) {
        for (int i = 0; i < out.limit(); i++) {
          for (int j = 0; j < from.length; j++) {
            if (out.get(i) == from[j]) {
              out.put(i, to[j]);
            }
          }
        }
      }
      return out.toString();
    };
  }

  /** The character and length ({@code length << 16 | char}) of an EUC-JP user-defined code at {@code at}, or -1. */
  private static int eucUserDefined(byte[] b, int at) {
    int three = (b[at] & 0xff) == 0x8f ? 1 : 0;
    if (at + three + 1 >= b.length) {
      return -1;
    }
    int row = b[at + three] & 0xff;
    int cell = b[at + three + 1] & 0xff;
    if (row < 0xf5 || row > 0xfe || cell < 0xa1 || cell > 0xfe) {
      return -1;
    }
    return (three + 2) << 16 | ((three == 1 ? 0xe3ac : 0xe000) + (row - 0xf5) * 94 + cell - 0xa1);
  }

  private static UndecodableText undecodable(String charset, byte[] stored, int at, int length) {
    StringBuilder hex = new StringBuilder();
    for (int i = at; i < at + Math.max(1, length) && i < stored.length; i++) {
      hex.append(String.format("%02X", stored[i] & 0xff));
    }
    return new UndecodableText("its bytes " + hex + " (at byte " + at + " of a value) are not " + charset
        + " text this reader can decode as the server does");
  }
}
