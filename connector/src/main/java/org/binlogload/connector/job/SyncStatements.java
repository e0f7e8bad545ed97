package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the sync statements, Doris's Binlog Load grammar with type {@code "mysql"}.
 *
 * <pre>
 * CREATE SYNC [JOB] [db.]job_name (
 *   FROM mysql_db.src_tbl INTO [doris_db.]doris_tbl [(col, ...)] [, ...]
 *   -- or a whole database, or every database a pattern matches, each into its own Doris database:
 *   FROM mysql_db.* INTO doris_db [INCLUDE (tbl | glob | REGEXP "re", ...)] [EXCLUDE (...)]
 *   FROM shop_*.* INTO dw_${db} [INCLUDE (...)] [EXCLUDE (...)]
 * ) FROM BINLOG ("type" = "mysql", "mysql.host" = "...", "mysql.port" = "3306", "mysql.user" = "...",
 *                "mysql.password" = "..." [, "mysql.server_id" = "..."] [, "mysql.start_position" = "..."])
 * [PROPERTIES ("sync_commit_interval_second" = "10", ...)];
 * PAUSE | STOP SYNC JOB [db.]job_name;
 * RESUME SYNC JOB [db.]job_name [SKIP DDL AT "position"];
 * SHOW SYNC JOB [FROM db];
 * </pre>
 *
 * <p>Errors name the line and column, what is wrong and what to write instead; they never quote a password.
 */
public final class SyncStatements {
  /** FROM BINLOG property: the binlog type, {@code "mysql"}. */
  public static final String TYPE = "type";
  /** FROM BINLOG property: the MySQL host. */
  public static final String HOST = "mysql.host";
  /** FROM BINLOG property: the MySQL port. */
  public static final String PORT = "mysql.port";
  /** FROM BINLOG property: the MySQL user. */
  public static final String USER = "mysql.user";
  /** FROM BINLOG property: the MySQL password. */
  public static final String PASSWORD = "mysql.password";
  /** FROM BINLOG property: the replica server id of the job. */
  public static final String SERVER_ID = "mysql.server_id";
  /** FROM BINLOG property: where to start reading. */
  public static final String START_POSITION = "mysql.start_position";

  /** The largest MySQL server id (a 32-bit unsigned integer). */
  public static final long MAX_SERVER_ID = 4_294_967_295L;

  static final List<String> REQUIRED_BINLOG = List.of(HOST, PORT, USER, PASSWORD);
  static final Set<String> KNOWN_BINLOG = Set.of(TYPE, HOST, PORT, USER, PASSWORD, SERVER_ID, START_POSITION);
  /** The job PROPERTIES this connector knows. */
  public static final Set<String> KNOWN_PROPERTIES = java.util.stream.Stream.concat(CommitPolicy.PROPERTIES.stream(),
      java.util.stream.Stream.of("replication_num", "buckets", "tinyint1_as_boolean", "lower_case_table_names",
          NameProperties.NAME_MAPPING, NameProperties.UNICODE, SnapshotSettings.PARALLELISM,
          SnapshotSettings.CHUNK_SIZE, SnapshotSettings.RESNAPSHOT_ON_PURGE))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** The FROM BINLOG properties ALTER SYNC JOB may change: the credentials. */
  static final Set<String> ALTERABLE_BINLOG = Set.of(USER, PASSWORD);
  /** The job PROPERTIES ALTER SYNC JOB may change: the commit policy and the properties of tables created later. */
  static final Set<String> ALTERABLE_PROPERTIES = java.util.stream.Stream.concat(CommitPolicy.PROPERTIES.stream(),
      java.util.stream.Stream.of("replication_num", "buckets", SnapshotSettings.PARALLELISM,
          SnapshotSettings.CHUNK_SIZE, SnapshotSettings.RESNAPSHOT_ON_PURGE))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  static final Pattern JOB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  static final Pattern DORIS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
  static final Pattern FILE_POS = Pattern.compile("[^\\s:,]+\\.[0-9]+:[0-9]+");
  static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  static final String INTERVAL = "[0-9]+(-[0-9]+)?";
  static final Pattern MYSQL_GTID =
      Pattern.compile(UUID + "(:" + INTERVAL + ")+(\\s*,\\s*" + UUID + "(:" + INTERVAL + ")+)*");
  static final Pattern MARIADB_GTID = Pattern.compile("[0-9]+-[0-9]+-[0-9]+(\\s*,\\s*[0-9]+-[0-9]+-[0-9]+)*");

  private SyncStatements() {
  }

  /** Parses one statement (a trailing {@code ;} is allowed); {@code defaultDatabase} may be null. */
  public static Statement parse(String sql, String defaultDatabase) {
    List<Statement> all = parseAll(sql, defaultDatabase);
    if (all.size() != 1) {
      throw new SyncStatementException(all.isEmpty() ? "no statement given; write e.g. SHOW SYNC JOB"
          : all.size() + " statements given where one is expected; send them one at a time");
    }
    return all.get(0);
  }

  /** Parses a script of statements separated by {@code ;}, e.g. a job file; {@code defaultDatabase} may be null. */
  public static List<Statement> parseAll(String script, String defaultDatabase) {
    StatementParser p = new StatementParser(new StatementLexer(script).tokens(), defaultDatabase);
    List<Statement> out = new ArrayList<>();
    while (true) {
      while (p.peek().isSymbol(';')) {
        p.next();
      }
      if (p.peek().kind == StatementToken.Kind.EOF) {
        return out;
      }
      out.add(p.statement());
      StatementToken end = p.peek();
      if (!end.isSymbol(';') && end.kind != StatementToken.Kind.EOF) {
        throw p.error(end, "unexpected " + end.describe() + " after the end of the statement; end it with ;");
      }
    }
  }

  /** Whether {@code position} is {@code initial}, {@code latest}, {@code earliest}, {@code <file>:<pos>} or a GTID set. */
  public static boolean isStartPosition(String position) {
    String p = position.trim();
    return p.equalsIgnoreCase(SourceSpec.INITIAL) || p.equalsIgnoreCase(SourceSpec.SNAPSHOT_ONLY)
        || p.equalsIgnoreCase(SourceSpec.LATEST) || p.equalsIgnoreCase(SourceSpec.EARLIEST)
        || FILE_POS.matcher(p).matches() || MYSQL_GTID.matcher(p).matches() || MARIADB_GTID.matcher(p).matches();
  }

  /** Renders the definition as a CREATE SYNC JOB statement with the password masked, for display. */
  public static String toMaskedSql(JobDefinition def) {
    StringBuilder sb = new StringBuilder("CREATE SYNC JOB `").append(def.database()).append("`.`")
        .append(def.name()).append("` (");
    for (int i = 0; i < def.channels().size(); i++) {
      ChannelSpec c = def.channels().get(i);
      sb.append(i == 0 ? "" : ", ").append("FROM `").append(c.sourceSchema()).append("`.")
          .append(c.isWholeDatabase() ? "*" : "`" + c.sourceTable() + "`").append(" INTO `")
          .append(c.targetDatabase()).append('`');
      if (!c.isWholeDatabase()) {
        sb.append(".`").append(c.targetTable()).append('`');
      }
      if (!c.columns().isEmpty()) {
        sb.append(" (`").append(String.join("`, `", c.columns())).append("`)");
      }
      patterns(sb, "INCLUDE", c.filter().include());
      patterns(sb, "EXCLUDE", c.filter().exclude());
    }
    SourceSpec s = def.source();
    sb.append(") FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"").append(s.host())
        .append("\", \"mysql.port\" = \"").append(s.port()).append("\", \"mysql.user\" = \"").append(s.user())
        .append("\", \"mysql.password\" = \"******\"");
    if (s.serverId().isPresent()) {
      sb.append(", \"mysql.server_id\" = \"").append(s.serverId().getAsLong()).append('"');
    }
    sb.append(", \"mysql.start_position\" = \"").append(s.startPosition()).append("\")");
    if (!def.properties().isEmpty()) {
      sb.append(" PROPERTIES (");
      int i = 0;
      for (Map.Entry<String, String> e : def.properties().entrySet()) {
        sb.append(i++ == 0 ? "" : ", ").append('"').append(e.getKey()).append("\" = \"").append(e.getValue())
            .append('"');
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static void patterns(StringBuilder sb, String clause, List<NamePattern> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      NamePattern p = patterns.get(i);
      sb.append(i == 0 ? " " + clause + " (" : ", ")
          .append(p.isRegexp() ? p.toString() : "`" + p.text().replace("`", "``") + "`");
    }
    sb.append(patterns.isEmpty() ? "" : ")");
  }
}
