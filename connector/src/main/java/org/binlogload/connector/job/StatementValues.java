package org.binlogload.connector.job;

import static org.binlogload.connector.job.SyncStatements.*;

import java.util.Locale;
import java.util.TreeSet;
import java.util.Map;

/** The values of a sync statement's FROM BINLOG and PROPERTIES clauses, checked; errors through the parser. */
final class StatementValues {
  private final StatementParser parser;

  StatementValues(StatementParser parser) {
    this.parser = parser;
  }

  SourceSpec source(Map<String, StatementToken[]> p, StatementToken open, StatementToken close) {
    StatementToken[] type = p.get(TYPE);
    if (type == null) {
      throw parser.error(open, "FROM BINLOG has no \"type\"; add \"type\" = \"mysql\"");
    }
    String t = type[1].text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("canal")) {
      throw parser.error(type[1], "binlog type \"canal\" (an external Canal server) is not supported: this connector "
          + "reads the binlog itself; write \"type\" = \"mysql\" with \"mysql.host\", \"mysql.port\", "
          + "\"mysql.user\" and \"mysql.password\" of the MySQL server");
    }
    if (!t.equals("mysql")) {
      throw parser.error(type[1], "unknown binlog type " + type[1].describe() + "; write \"type\" = \"mysql\"");
    }
    checkKeys(p, close);
    SourceSpec.Builder b = SourceSpec.builder();
    StatementToken host = p.get(HOST)[1];
    if (host.text.isBlank() || host.text.trim().contains(" ")) {
      throw parser.error(host, "mysql.host " + host.describe() + " is not a host name or address");
    }
    b.host(host.text.trim());
    StatementToken port = p.get(PORT)[1];
    long portValue = number(port, PORT);
    if (portValue < 1 || portValue > 65535) {
      throw parser.error(port, "mysql.port " + port.describe() + " is out of range 1..65535");
    }
    b.port((int) portValue);
    StatementToken user = p.get(USER)[1];
    if (user.text.isEmpty()) {
      throw parser.error(user, "mysql.user is empty; give the replication user");
    }
    b.user(user.text);
    b.password(p.get(PASSWORD)[1].text);
    StatementToken[] sid = p.get(SERVER_ID);
    if (sid != null) {
      long id = number(sid[1], SERVER_ID);
      if (id < 1 || id > MAX_SERVER_ID) {
        throw parser.error(sid[1], "mysql.server_id " + sid[1].describe() + " is out of range 1.." + MAX_SERVER_ID);
      }
      b.serverId(id);
    }
    StatementToken[] start = p.get(START_POSITION);
    if (start != null) {
      String s = start[1].text.trim();
      if (!isStartPosition(s)) {
        throw parser.error(start[1], "mysql.start_position " + start[1].describe() + " is not initial, snapshot, latest, "
            + "earliest, "
            + "<file>:<pos> (e.g. \"mysql-bin.000003:4\"), a MySQL GTID set (e.g. \"<server uuid>:1-5\") or a "
            + "MariaDB GTID list (e.g. \"0-1-100\")");
      }
      b.startPosition(s.equalsIgnoreCase(SourceSpec.LATEST) || s.equalsIgnoreCase(SourceSpec.EARLIEST)
          || s.equalsIgnoreCase(SourceSpec.INITIAL) || s.equalsIgnoreCase(SourceSpec.SNAPSHOT_ONLY)
          ? s.toLowerCase(Locale.ROOT) : s);
    } else {
      b.startPosition(SourceSpec.INITIAL); // a new job copies its tables first; stored as written, so saved jobs keep theirs
    }
    return b.build();
  }

  /** Every FROM BINLOG key is known to type "mysql", and the required ones are there. */
  private void checkKeys(Map<String, StatementToken[]> p, StatementToken close) {
    for (Map.Entry<String, StatementToken[]> e : p.entrySet()) {
      if (!KNOWN_BINLOG.contains(e.getKey())) {
        StatementToken k = e.getValue()[0];
        if (e.getKey().startsWith("canal.")) {
          throw parser.error(k, "property " + k.describe() + " belongs to type \"canal\"; type \"mysql\" takes "
              + "\"mysql.host\", \"mysql.port\", \"mysql.user\", \"mysql.password\" and optionally "
              + "\"mysql.server_id\", \"mysql.start_position\"");
        }
        throw parser.error(k, "unknown property " + k.describe() + " in FROM BINLOG; known: "
            + new TreeSet<>(KNOWN_BINLOG));
      }
    }
    for (String r : REQUIRED_BINLOG) {
      if (!p.containsKey(r)) {
        throw parser.error(close, "FROM BINLOG misses \"" + r + "\"; add \"" + r + "\" = \"...\"");
      }
    }
  }

  long number(StatementToken t, String key) {
    try {
      return PropertyValues.nonNegative(key, t.text);
    } catch (IllegalArgumentException e) {
      throw parser.error(t, e.getMessage());
    }
  }

  /**
   * Validates a property of the Doris tables the job creates (read by the sync runtime); false for others.
   * replication_num and buckets: positive integers; snapshot_parallelism 1..64 and snapshot_chunk_size; tinyint1_as_boolean and enable_unicode_name_support: true or
   * false; lower_case_table_names: 0, 1, 2; name_mapping: checked after all properties.
   */
  boolean targetProperty(String key, StatementToken value) {
    String v = value.text.trim();
    switch (key) {
      case "replication_num", "buckets" -> {
        long n = positiveLong(value, key);
        if (n > Integer.MAX_VALUE) {
          throw parser.error(value, key + " " + n + " > " + Integer.MAX_VALUE);
        }
        return true;
      }
      case SnapshotSettings.PARALLELISM, SnapshotSettings.CHUNK_SIZE -> {
        try {
          SnapshotSettings.check(key, value.text);
        } catch (IllegalArgumentException e) {
          throw parser.error(value, e.getMessage());
        }
        return true;
      }
      case NameProperties.NAME_MAPPING -> {
        return true; // checked once every property is read: the rules depend on enable_unicode_name_support
      }
      case "tinyint1_as_boolean", NameProperties.UNICODE, SnapshotSettings.RESNAPSHOT_ON_PURGE -> {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw parser.error(value, key + " must be \"true\" or \"false\", got " + value.describe());
        }
        return true;
      }
      case "lower_case_table_names" -> {
        if (!v.equals("0") && !v.equals("1") && !v.equals("2")) {
          throw parser.error(value, key + " must be 0, 1 or 2 (the source server's setting), got " + value.describe());
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  long positiveLong(StatementToken t, String key) {
    try {
      return PropertyValues.positive(key, t.text);
    } catch (IllegalArgumentException e) {
      throw parser.error(t, e.getMessage());
    }
  }
}
