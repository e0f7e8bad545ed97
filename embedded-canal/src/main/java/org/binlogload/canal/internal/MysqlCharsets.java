package org.binlogload.canal.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The character set of every MySQL and MariaDB collation id a table map can carry, and how its stored bytes become
 * text exactly as the server reads them, or why they cannot.
 */
final class MysqlCharsets {
  /**
   * Collation ids by character set: MySQL 8.4's and MariaDB 10.11's {@code information_schema} (the ids both servers
   * use mean the same character set); MariaDB's UCA-14.0.0 ids are {@link #uca1400}.
   */
  private static final String[] IDS = {
      "armscii8 32 64 1056 1088", "ascii 11 65 1035 1089", "big5 1 84 1025 1108", "binary 63",
      "cp1250 26 34 44 66 99 1050 1090", "cp1251 14 23 50-52 1074-1075", "cp1256 57 67 1081 1091",
      "cp1257 29 58-59 1082-1083", "cp850 4 80 1028 1104", "cp852 40 81 1064 1105", "cp866 36 68 1060 1092",
      "cp932 95-96 1119-1120", "dec8 3 69 1027 1093", "eucjpms 97-98 1121-1122", "euckr 19 85 1043 1109",
      "gb18030 248-250", "gb2312 24 86 1048 1110", "gbk 28 87 1052 1111", "geostd8 92-93 1116-1117",
      "greek 25 70 1049 1094", "hebrew 16 71 1040 1095", "hp8 6 72 1030 1096", "keybcs2 37 73 1061 1097",
      "koi8r 7 74 1031 1098", "koi8u 22 75 1046 1099", "latin1 5 8 15 31 47-49 94 1032 1071",
      "latin2 2 9 21 27 77 1033 1101", "latin5 30 78 1054 1102", "latin7 20 41-42 79 1065 1103",
      "macce 38 43 1062 1067", "macroman 39 53 1063 1077", "sjis 13 88 1037 1112", "swe7 10 82 1034 1106",
      "tis620 18 89 1042 1113", "ucs2 35 90 128-151 159 640-642 1059 1114 1152 1174", "ujis 12 91 1036 1115",
      "utf16 54-55 101-124 672-674 1078-1079 1125 1147", "utf16le 56 62 1080 1086",
      "utf32 60-61 160-183 736-738 1084-1085 1184 1206",
      "utf8mb3 33 76 83 192-215 223 576-578 1057 1107 1216 1238",
      "utf8mb4 45-46 224-247 255-271 273-275 277-294 296-298 300 303-323 608-610 1069-1070 1248 1270"};
  /** MariaDB's UCA-14.0.0 collations: 2048 + 256 * this index + tailoring and flags. */
  private static final String[] UCA1400 = {"utf8mb3", "utf8mb4", "ucs2", "utf16", "utf32"};
  private static final Map<Integer, String> BY_ID = new HashMap<>();
  private static final Map<String, Entry> BY_CHARSET = new HashMap<>();

  /** How text in one character set is decoded: {@code decoder} null for UTF-8, else {@code refusal} says why not. */
  private record Entry(ColumnType.Decoder decoder, String refusal) {}

  static {
    for (String line : IDS) {
      String[] f = line.split(" ");
      for (int i = 1; i < f.length; i++) {
        int dash = f[i].indexOf('-');
        int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1));
        for (int id = from; id <= to; id++) {
          BY_ID.put(id, f[0]);
        }
      }
    }
    utf8("utf8mb3", "utf8mb4", "binary"); // binary: not text, read as the column type says
    BY_CHARSET.put("latin1", new Entry(ColumnType::latin1, null));
    BY_CHARSET.put("ascii", new Entry(b -> new String(b, StandardCharsets.US_ASCII), null));
    oneByte("latin2", "ISO-8859-2", "");
    oneByte("cp1250", "windows-1250", "");
    oneByte("cp1251", "windows-1251", "");
    oneByte("cp1256", "windows-1256", "");
    oneByte("cp1257", "windows-1257", "");
    oneByte("koi8r", "KOI8-R", "");
    oneByte("koi8u", "KOI8-U", "95=2022");
    oneByte("greek", "ISO-8859-7", "A1=02BD A2=02BC");
    oneByte("hebrew", "ISO-8859-8", "AF=203E");
    oneByte("latin5", "ISO-8859-9", "");
    oneByte("latin7", "ISO-8859-13", "");
    oneByte("tis620", "TIS-620", c1Controls());
    oneByte("cp850", "IBM850", "");
    oneByte("cp852", "IBM852", "");
    oneByte("cp866", "IBM866", "FC=207F FD=00B2");
    oneByte("macroman", "x-MacRoman", "");
    oneByte("macce", "x-MacCentralEurope", "");
    multiByte("gbk", "x-mswin-936", "", "", false);
    multiByte("big5", "Big5", "", "F9D6=7881 F9D7=92B9 F9D8=88CF F9D9=58BB F9DA=6052 F9DB=7CA7 F9DC=5AFA", false);
    multiByte("sjis", "Shift_JIS", "2014=2015 FF3C=005C", "", false);
    multiByte("cp932", "windows-31j", "", "", false);
    multiByte("euckr", "x-windows-949", "", "", false);
    multiByte("gb2312", "GB2312", "", "", false);
    multiByte("gb18030", "GB18030", "", "", false); // MySQL's only; not checked against a server here
    multiByte("ujis", "EUC-JP", "2014=2015 FF3C=005C FF5E=007E", "", true);
    multiByte("ucs2", "UTF-16BE", "", "", false);
    multiByte("utf16", "UTF-16BE", "", "", false);
    multiByte("utf16le", "UTF-16LE", "", "", false);
    multiByte("utf32", "UTF-32BE", "", "", false);
    for (String refused : new String[] {"eucjpms", "armscii8", "keybcs2", "dec8", "hp8", "swe7", "geostd8"}) {
      BY_CHARSET.put(refused, new Entry(null, "Java has no decoder that reads " + refused + " as the server does"));
    }
  }

  private MysqlCharsets() {}

  /** The character set of collation {@code id}, or null when the id is not one this reader knows. */
  static String charset(int id) {
    String known = BY_ID.get(id);
    if (known == null && id >= 2048 && id < 2048 + 256 * UCA1400.length) {
      known = UCA1400[(id - 2048) >> 8];
    }
    return known;
  }

  /**
   * The decoder of text in collation {@code id}; null for UTF-8 (utf8mb3, utf8mb4, or no collation: the table map
   * named none) and for what {@link #refusal} refuses.
   */
  static ColumnType.Decoder decoder(int id) {
    return id <= 0 ? null : decoder(charset(id));
  }

  /** The decoder of text in character set {@code charset}, as {@link #decoder(int)}. */
  static ColumnType.Decoder decoder(String charset) {
    Entry e = charset == null ? null : BY_CHARSET.get(charset);
    return e == null ? null : e.decoder;
  }

  /** Null when text in collation {@code id} is decoded as the server reads it; else why it cannot be. */
  static String refusal(int id) {
    if (id <= 0) {
      return null;
    }
    String charset = charset(id);
    if (charset == null) {
      return "its collation id " + id + " is not one this reader knows";
    }
    String why = refusal(charset);
    return why == null ? null : why + " (collation id " + id + ")";
  }

  /** Null when text in character set {@code charset} is decoded as the server reads it; else why it cannot be. */
  static String refusal(String charset) {
    Entry e = BY_CHARSET.get(charset);
    return e == null ? "its character set " + charset + " is not one this reader knows"
        : e.refusal == null ? null : "it is in character set " + charset + ": " + e.refusal;
  }

  private static void utf8(String... charsets) {
    for (String c : charsets) {
      BY_CHARSET.put(c, new Entry(null, null));
    }
  }

  /** A one-byte character set: Java's charset {@code java}, with the server's own character for the bytes listed. */
  private static void oneByte(String charset, String java, String serversOwn) {
    Charset cs = lookUp(charset, java);
    if (cs != null) {
      Map<Integer, Character> own = pairs(serversOwn);
      BY_CHARSET.put(charset, new Entry(TextDecoders.oneByte(charset, cs, own), null));
    }
  }

  /**
   * A multi-byte character set: Java's charset {@code java}, with the server's own character where Java's differs
   * ({@code replaced}, Java's character to the server's) and the server's codes that Java does not map ({@code added},
   * and EUC-JP's user-defined rows with {@code eucUserDefined}).
   */
  private static void multiByte(String charset, String java, String replaced, String added, boolean eucUserDefined) {
    Charset cs = lookUp(charset, java);
    if (cs != null) {
      BY_CHARSET.put(charset, new Entry(TextDecoders.multiByte(charset, cs, pairs(replaced), pairs(added),
          eucUserDefined), null));
    }
  }

  private static Charset lookUp(String charset, String java) {
    try {
      return Charset.forName(java);
    } catch (IllegalArgumentException e) { // a runtime without the jdk.charsets module
      BY_CHARSET.put(charset, new Entry(null, "this Java runtime has no charset " + java));
      return null;
    }
  }

  /** {@code "A1=02BD F9D6=7881"}: a code (hex) to a character (hex). */
  private static Map<Integer, Character> pairs(String list) {
    Map<Integer, Character> out = new HashMap<>();
    for (String p : list.split(" ")) {
      if (!p.isEmpty()) {
        int eq = p.indexOf('=');
        out.put(Integer.parseInt(p.substring(0, eq), 16), (char) Integer.parseInt(p.substring(eq + 1), 16));
      }
    }
    return out;
  }

  /** Bytes 0x80-0x9F, which the server reads as the C1 control characters of the same value. */
  private static String c1Controls() {
    StringBuilder sb = new StringBuilder();
    for (int b = 0x80; b < 0xa0; b++) {
      sb.append(String.format("%02X=%04X ", b, b));
    }
    return sb.toString();
  }
}
