package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses the sync statements, Doris's Binlog Load grammar with type {@code "mysql"}.
 *
 * <pre>
 * CREATE SYNC [JOB] [db.]job_name (
 *   FROM mysql_db.src_tbl INTO [doris_db.]doris_tbl [(col, ...)] [, ...]   -- or FROM mysql_db.* INTO doris_db
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

  private static final List<String> REQUIRED_BINLOG = List.of(HOST, PORT, USER, PASSWORD);
  private static final Set<String> KNOWN_BINLOG = Set.of(TYPE, HOST, PORT, USER, PASSWORD, SERVER_ID, START_POSITION);
  /** The job PROPERTIES this connector knows. */
  public static final Set<String> KNOWN_PROPERTIES = java.util.stream.Stream.concat(CommitPolicy.PROPERTIES.stream(),
      java.util.stream.Stream.of("replication_num", "buckets", "tinyint1_as_boolean", "lower_case_table_names",
          NameProperties.NAME_MAPPING, NameProperties.UNICODE)).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final Pattern DORIS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
  private static final Pattern FILE_POS = Pattern.compile("[^\\s:,]+\\.[0-9]+:[0-9]+");
  private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  private static final String INTERVAL = "[0-9]+(-[0-9]+)?";
  private static final Pattern MYSQL_GTID =
      Pattern.compile(UUID + "(:" + INTERVAL + ")+(\\s*,\\s*" + UUID + "(:" + INTERVAL + ")+)*");
  private static final Pattern MARIADB_GTID = Pattern.compile("[0-9]+-[0-9]+-[0-9]+(\\s*,\\s*[0-9]+-[0-9]+-[0-9]+)*");

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
    Parser p = new Parser(new Lexer(script).tokens(), defaultDatabase);
    List<Statement> out = new ArrayList<>();
    while (true) {
      while (p.peek().isSymbol(';')) {
        p.next();
      }
      if (p.peek().kind == Kind.EOF) {
        return out;
      }
      out.add(p.statement());
      Token end = p.peek();
      if (!end.isSymbol(';') && end.kind != Kind.EOF) {
        throw p.error(end, "unexpected " + end.describe() + " after the end of the statement; end it with ;");
      }
    }
  }

  /** Whether {@code position} is {@code latest}, {@code earliest}, {@code <file>:<pos>} or a GTID set. */
  public static boolean isStartPosition(String position) {
    String p = position.trim();
    return p.equalsIgnoreCase(SourceSpec.LATEST) || p.equalsIgnoreCase(SourceSpec.EARLIEST)
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

  // ---------------------------------------------------------------------------------------------------------------

  private enum Kind { WORD, QUOTED_ID, STRING, SYMBOL, EOF }

  private static final class Token {
    final Kind kind;
    final String text;
    final int line;
    final int column;
    boolean secret;

    Token(Kind kind, String text, int line, int column) {
      this.kind = kind;
      this.text = text;
      this.line = line;
      this.column = column;
    }

    boolean isSymbol(char c) {
      return kind == Kind.SYMBOL && text.charAt(0) == c;
    }

    boolean isWord(String w) {
      return kind == Kind.WORD && text.equalsIgnoreCase(w);
    }

    boolean isIdentifier() {
      return kind == Kind.WORD || kind == Kind.QUOTED_ID;
    }

    String describe() {
      switch (kind) {
        case EOF:
          return "end of statement";
        case STRING:
          return secret ? "\"******\"" : "\"" + text + "\"";
        case QUOTED_ID:
          return "`" + text + "`";
        default:
          return "'" + text + "'";
      }
    }
  }

  private static final class Lexer {
    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;

    Lexer(String s) {
      if (s == null) {
        throw new SyncStatementException("statement is null");
      }
      this.s = s;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      while (true) {
        skipSpaceAndComments();
        if (i >= s.length()) {
          out.add(new Token(Kind.EOF, "", line, i - lineStart + 1));
          markSecrets(out);
          return out;
        }
        char c = s.charAt(i);
        int col = i - lineStart + 1;
        if (c == '"' || c == '\'') {
          out.add(new Token(Kind.STRING, quoted(c, col), line, col));
        } else if (c == '`') {
          String id = quoted('`', col);
          if (id.isEmpty()) {
            throw new SyncStatementException("empty quoted identifier ``", line, col);
          }
          out.add(new Token(Kind.QUOTED_ID, id, line, col));
        } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
          int start = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
              || s.charAt(i) == '$')) {
            i++;
          }
          out.add(new Token(Kind.WORD, s.substring(start, i), line, col));
        } else if ("(),.=;*".indexOf(c) >= 0) {
          i++;
          out.add(new Token(Kind.SYMBOL, String.valueOf(c), line, col));
        } else {
          throw new SyncStatementException("unexpected character '" + c + "'", line, col);
        }
      }
    }

    /** A string value after a key naming a password is secret: errors print it masked. */
    private static void markSecrets(List<Token> tokens) {
      for (int k = 2; k < tokens.size(); k++) {
        Token t = tokens.get(k);
        if (t.kind == Kind.STRING && tokens.get(k - 1).isSymbol('=') && tokens.get(k - 2).kind == Kind.STRING
            && tokens.get(k - 2).text.toLowerCase(Locale.ROOT).contains("password")) {
          t.secret = true;
        }
      }
    }

    private String quoted(char q, int col) {
      int startLine = line;
      StringBuilder sb = new StringBuilder();
      i++;
      while (true) {
        if (i >= s.length()) {
          String what = q == '`' ? "quoted identifier" : "string";
          throw new SyncStatementException("unterminated " + what + "; close it with " + q, startLine, col);
        }
        char c = s.charAt(i);
        if (c == q) {
          if (i + 1 < s.length() && s.charAt(i + 1) == q) {
            sb.append(q);
            i += 2;
            continue;
          }
          i++;
          return sb.toString();
        }
        if (c == '\\' && q != '`' && i + 1 < s.length()) {
          char n = s.charAt(i + 1);
          sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n == '0' ? '\0' : n);
          i += 2;
          continue;
        }
        if (c == '\n') {
          line++;
          lineStart = i + 1;
        }
        sb.append(c);
        i++;
      }
    }

    private void skipSpaceAndComments() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\n') {
          line++;
          i++;
          lineStart = i;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#' || (c == '-' && s.startsWith("--", i))) {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '/' && s.startsWith("/*", i)) {
          int col = i - lineStart + 1;
          int startLine = line;
          int end = s.indexOf("*/", i + 2);
          if (end < 0) {
            throw new SyncStatementException("unterminated comment; close it with */", startLine, col);
          }
          for (int k = i; k < end; k++) {
            if (s.charAt(k) == '\n') {
              line++;
              lineStart = k + 1;
            }
          }
          i = end + 2;
        } else {
          return;
        }
      }
    }
  }

  private static final class Parser {
    private final List<Token> tokens;
    private final String defaultDatabase;
    private int pos;

    Parser(List<Token> tokens, String defaultDatabase) {
      this.tokens = tokens;
      this.defaultDatabase = defaultDatabase == null || defaultDatabase.isEmpty() ? null : defaultDatabase;
    }

    Token peek() {
      return tokens.get(pos);
    }

    Token peek(int ahead) {
      return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
      Token t = tokens.get(pos);
      if (t.kind != Kind.EOF) {
        pos++;
      }
      return t;
    }

    SyncStatementException error(Token at, String message) {
      return new SyncStatementException(message, at.line, at.column);
    }

    Token expectWord(String word, String hint) {
      Token t = next();
      if (!t.isWord(word)) {
        throw error(t, "expected " + word + ", found " + t.describe() + "; " + hint);
      }
      return t;
    }

    Token expectSymbol(char c, String hint) {
      Token t = next();
      if (!t.isSymbol(c)) {
        throw error(t, "expected '" + c + "', found " + t.describe() + "; " + hint);
      }
      return t;
    }

    Token identifier(String what, String hint) {
      Token t = next();
      if (!t.isIdentifier()) {
        throw error(t, "expected " + what + ", found " + t.describe() + "; " + hint);
      }
      return t;
    }

    Statement statement() {
      Token first = next();
      if (first.isWord("CREATE")) {
        return create(first);
      }
      if (first.isWord("PAUSE") || first.isWord("RESUME") || first.isWord("STOP")) {
        String verb = first.text.toUpperCase(Locale.ROOT);
        String hint = "write " + verb + " SYNC JOB [db.]job_name";
        expectWord("SYNC", hint);
        expectWord("JOB", hint);
        String[] name = jobName(hint);
        if (verb.equals("PAUSE")) {
          return new Statement.PauseSyncJob(name[0], name[1]);
        }
        if (verb.equals("STOP")) {
          return new Statement.StopSyncJob(name[0], name[1]);
        }
        String skip = null;
        if (peek().isWord("SKIP")) {
          String skipHint = "write RESUME SYNC JOB [db.]job_name SKIP DDL AT \"<position from Msg>\"";
          next();
          expectWord("DDL", skipHint);
          expectWord("AT", skipHint);
          Token p = next();
          if (p.kind != Kind.STRING || p.text.isBlank()) {
            throw error(p, "expected the quoted position of the refused DDL, found " + p.describe() + "; "
                + skipHint);
          }
          skip = p.text.trim();
        }
        return new Statement.ResumeSyncJob(name[0], name[1], skip);
      }
      if (first.isWord("SHOW")) {
        String hint = "write SHOW SYNC JOB [FROM db]";
        expectWord("SYNC", hint);
        expectWord("JOB", hint);
        String db = defaultDatabase;
        if (peek().isWord("FROM") || peek().isWord("IN")) {
          next();
          db = identifier("a database name", hint).text;
        }
        return new Statement.ShowSyncJob(db);
      }
      throw error(first, "expected CREATE, PAUSE, RESUME, STOP or SHOW SYNC JOB, found " + first.describe());
    }

    private String[] jobName(String hint) {
      Token a = identifier("a job name", hint);
      String db;
      Token nameToken;
      if (peek().isSymbol('.')) {
        next();
        nameToken = identifier("a job name after '" + a.text + ".'", hint);
        db = a.text;
      } else {
        nameToken = a;
        db = defaultDatabase;
      }
      if (db == null) {
        throw error(a, "no database for job " + nameToken.describe() + "; write db." + nameToken.text
            + " or choose a default database");
      }
      checkName(nameToken, JOB_NAME, "job name");
      return new String[] {db, nameToken.text};
    }

    private void checkName(Token t, Pattern p, String what) {
      if (!p.matcher(t.text).matches()) {
        throw error(t, what + " " + t.describe() + " must match " + p.pattern());
      }
    }

    private Statement create(Token createToken) {
      String hint = "write CREATE SYNC JOB [db.]job_name (FROM mysql_db.tbl INTO doris_tbl, ...) FROM BINLOG (...)";
      expectWord("SYNC", hint);
      if (peek().isWord("JOB") && peek(1).isIdentifier()) {
        next();
      }
      String[] name = jobName(hint);
      JobDefinition.Builder def = JobDefinition.builder().database(name[0]).name(name[1]);
      expectSymbol('(', "the channels follow the job name: (FROM mysql_db.tbl INTO doris_tbl, ...)");
      List<ChannelSpec> channels = new ArrayList<>();
      List<Token> channelTokens = new ArrayList<>();
      do {
        channelTokens.add(peek());
        channels.add(channel(name[0]));
      } while (acceptSymbol(','));
      expectSymbol(')', "separate channels with ',' and close the list with ')'");
      checkOneToOne(channels, channelTokens);
      def.channels(channels);

      String binlogHint = "write FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"...\", ...)";
      expectWord("FROM", binlogHint);
      expectWord("BINLOG", binlogHint);
      Token binlogOpen = peek();
      Map<String, Token[]> binlog = properties(binlogHint);
      Token binlogClose = tokens.get(pos - 1);
      def.source(source(binlog, binlogOpen, binlogClose));

      if (peek().isWord("PROPERTIES")) {
        jobProperties(def);
      }
      return new Statement.CreateSyncJob(def.build());
    }

    /** {@code PROPERTIES (...)}: the commit policy and the properties of the Doris tables the job creates. */
    private void jobProperties(JobDefinition.Builder def) {
      Token propsToken = next();
      Map<String, Token[]> props = properties("write PROPERTIES (\"name\" = \"value\", ...)");
      Map<String, String> values = new LinkedHashMap<>();
      CommitPolicy.Builder policy = CommitPolicy.builder();
      for (Map.Entry<String, Token[]> e : props.entrySet()) {
        String key = e.getKey();
        Token[] kv = e.getValue();
        if (!KNOWN_PROPERTIES.contains(key)) {
          throw error(kv[0], "unknown property " + kv[0].describe() + " in PROPERTIES; known: "
              + new TreeSet<>(KNOWN_PROPERTIES));
        }
        if (!targetProperty(key, kv[1])) {
          try {
            policy.property(key, kv[1].text);
          } catch (IllegalArgumentException ex) {
            throw error(kv[1], ex.getMessage());
          }
        }
        values.put(key, kv[1].text.trim());
      }
      try {
        def.commitPolicy(policy.build());
      } catch (IllegalArgumentException e) {
        throw error(propsToken, e.getMessage());
      }
      if (props.containsKey(NameProperties.NAME_MAPPING)) {
        try {
          NameProperties.mapping(values); // with the job's enable_unicode_name_support
        } catch (IllegalArgumentException e) {
          throw error(props.get(NameProperties.NAME_MAPPING)[1], e.getMessage());
        }
      }
      def.properties(values);
    }

    private boolean acceptSymbol(char c) {
      if (peek().isSymbol(c)) {
        next();
        return true;
      }
      return false;
    }

    private ChannelSpec channel(String jobDatabase) {
      String hint = "write FROM mysql_db.src_tbl INTO doris_tbl [(col, ...)] or FROM mysql_db.* INTO doris_db";
      expectWord("FROM", hint);
      Token schema = identifier("a MySQL database", hint);
      expectSymbol('.', "name the source as mysql_db.src_tbl (or mysql_db.* for the whole database)");
      Token table = next();
      boolean whole = table.isSymbol('*');
      if (!whole && !table.isIdentifier()) {
        throw error(table, "expected a MySQL table or *, found " + table.describe() + "; " + hint);
      }
      expectWord("INTO", hint);
      Token a = identifier(whole ? "a Doris database" : "a Doris table", hint);
      Token b = null;
      if (acceptSymbol('.')) {
        b = identifier("a Doris table after '" + a.text + ".'", hint);
      }
      if (whole) {
        if (b != null) {
          throw error(b, "FROM " + schema.text + ".* takes a Doris database, not a table; write FROM "
              + schema.text + ".* INTO " + a.text);
        }
        checkName(a, DORIS_NAME, "Doris database");
        if (peek().isSymbol('(')) {
          throw error(peek(), "a column list does not apply to a whole database; map tables one by one to "
              + "choose columns");
        }
        return ChannelSpec.wholeDatabase(schema.text, a.text);
      }
      Token targetTable = b == null ? a : b;
      String targetDb = b == null ? jobDatabase : a.text;
      if (b != null) {
        checkName(a, DORIS_NAME, "Doris database");
      }
      checkName(targetTable, DORIS_NAME, "Doris table");
      List<String> columns = new ArrayList<>();
      if (acceptSymbol('(')) {
        Set<String> seen = new HashSet<>();
        do {
          Token col = identifier("a column name", "list columns as (col1, col2, ...)");
          if (!seen.add(col.text.toLowerCase(Locale.ROOT))) {
            throw error(col, "column " + col.describe() + " is listed twice for " + targetTable.text);
          }
          columns.add(col.text);
        } while (acceptSymbol(','));
        expectSymbol(')', "close the column list with ')'");
      }
      return ChannelSpec.table(schema.text, table.text, targetDb, targetTable.text, columns);
    }

    private void checkOneToOne(List<ChannelSpec> channels, List<Token> at) {
      Map<String, Integer> sources = new HashMap<>();
      Map<String, Integer> targets = new HashMap<>();
      Map<String, Integer> wholeSchemas = new HashMap<>();
      Map<String, Integer> wholeTargets = new HashMap<>();
      for (int k = 0; k < channels.size(); k++) {
        ChannelSpec c = channels.get(k);
        if (c.isWholeDatabase()) {
          wholeSchemas.putIfAbsent(c.sourceSchema(), k);
          wholeTargets.putIfAbsent(c.targetDatabase(), k);
        }
      }
      for (int k = 0; k < channels.size(); k++) {
        ChannelSpec c = channels.get(k);
        Token t = at.get(k);
        Integer prev = sources.putIfAbsent(c.source(), k);
        if (prev != null) {
          throw error(t, "source " + c.source() + " is mapped twice (" + channels.get(prev) + " and " + c
              + "); a source table goes into exactly one Doris table");
        }
        prev = targets.putIfAbsent(c.target(), k);
        if (prev != null) {
          throw error(t, "target " + c.target() + " is mapped twice (" + channels.get(prev) + " and " + c
              + "); a Doris table takes exactly one source table");
        }
        Integer whole = wholeSchemas.get(c.sourceSchema());
        if (!c.isWholeDatabase() && whole != null) {
          throw error(t, "source " + c.source() + " is already covered by " + channels.get(whole)
              + "; drop one of the two mappings");
        }
        Integer wholeTarget = wholeTargets.get(c.targetDatabase());
        if (wholeTarget != null && wholeTarget != k) {
          throw error(t, "target database " + c.targetDatabase() + " already takes the whole database "
              + channels.get(wholeTarget) + "; map " + c.source() + " into another Doris database");
        }
      }
    }

    /** {@code ( "k" = "v", ... )}: key -> {key token, value token}, in order. */
    private Map<String, Token[]> properties(String hint) {
      expectSymbol('(', hint);
      Map<String, Token[]> out = new LinkedHashMap<>();
      if (peek().isSymbol(')')) {
        next();
        return out;
      }
      do {
        Token k = next();
        if (k.kind != Kind.STRING) {
          throw error(k, "expected a quoted property name, found " + k.describe()
              + "; property names and values are quoted: \"name\" = \"value\"");
        }
        expectSymbol('=', "write \"" + k.text + "\" = \"value\"");
        Token v = next();
        if (v.kind != Kind.STRING) {
          throw error(v, "expected a quoted value for \"" + k.text + "\", found " + v.describe() + "; write \""
              + k.text + "\" = \"" + (v.kind == Kind.EOF ? "value" : v.text) + "\"");
        }
        String key = k.text.trim().toLowerCase(Locale.ROOT);
        if (out.put(key, new Token[] {k, v}) != null) {
          throw error(k, "property " + k.describe() + " is given twice; keep one");
        }
      } while (acceptSymbol(','));
      expectSymbol(')', "separate properties with ',' and close the list with ')'");
      return out;
    }

    private SourceSpec source(Map<String, Token[]> p, Token open, Token close) {
      Token[] type = p.get(TYPE);
      if (type == null) {
        throw error(open, "FROM BINLOG has no \"type\"; add \"type\" = \"mysql\"");
      }
      String t = type[1].text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("canal")) {
        throw error(type[1], "binlog type \"canal\" (an external Canal server) is not supported: this connector "
            + "reads the binlog itself; write \"type\" = \"mysql\" with \"mysql.host\", \"mysql.port\", "
            + "\"mysql.user\" and \"mysql.password\" of the MySQL server");
      }
      if (!t.equals("mysql")) {
        throw error(type[1], "unknown binlog type " + type[1].describe() + "; write \"type\" = \"mysql\"");
      }
      for (Map.Entry<String, Token[]> e : p.entrySet()) {
        if (!KNOWN_BINLOG.contains(e.getKey())) {
          Token k = e.getValue()[0];
          if (e.getKey().startsWith("canal.")) {
            throw error(k, "property " + k.describe() + " belongs to type \"canal\"; type \"mysql\" takes "
                + "\"mysql.host\", \"mysql.port\", \"mysql.user\", \"mysql.password\" and optionally "
                + "\"mysql.server_id\", \"mysql.start_position\"");
          }
          throw error(k, "unknown property " + k.describe() + " in FROM BINLOG; known: "
              + new TreeSet<>(KNOWN_BINLOG));
        }
      }
      for (String r : REQUIRED_BINLOG) {
        if (!p.containsKey(r)) {
          throw error(close, "FROM BINLOG misses \"" + r + "\"; add \"" + r + "\" = \"...\"");
        }
      }
      SourceSpec.Builder b = SourceSpec.builder();
      Token host = p.get(HOST)[1];
      if (host.text.isBlank() || host.text.trim().contains(" ")) {
        throw error(host, "mysql.host " + host.describe() + " is not a host name or address");
      }
      b.host(host.text.trim());
      Token port = p.get(PORT)[1];
      long portValue = number(port, PORT);
      if (portValue < 1 || portValue > 65535) {
        throw error(port, "mysql.port " + port.describe() + " is out of range 1..65535");
      }
      b.port((int) portValue);
      Token user = p.get(USER)[1];
      if (user.text.isEmpty()) {
        throw error(user, "mysql.user is empty; give the replication user");
      }
      b.user(user.text);
      b.password(p.get(PASSWORD)[1].text);
      Token[] sid = p.get(SERVER_ID);
      if (sid != null) {
        long id = number(sid[1], SERVER_ID);
        if (id < 1 || id > MAX_SERVER_ID) {
          throw error(sid[1], "mysql.server_id " + sid[1].describe() + " is out of range 1.." + MAX_SERVER_ID);
        }
        b.serverId(id);
      }
      Token[] start = p.get(START_POSITION);
      if (start != null) {
        String s = start[1].text.trim();
        if (!isStartPosition(s)) {
          throw error(start[1], "mysql.start_position " + start[1].describe() + " is not latest, earliest, "
              + "<file>:<pos> (e.g. \"mysql-bin.000003:4\"), a MySQL GTID set (e.g. \"<server uuid>:1-5\") or a "
              + "MariaDB GTID list (e.g. \"0-1-100\")");
        }
        b.startPosition(s.equalsIgnoreCase(SourceSpec.LATEST) || s.equalsIgnoreCase(SourceSpec.EARLIEST)
            ? s.toLowerCase(Locale.ROOT) : s);
      }
      return b.build();
    }

    private long number(Token t, String key) {
      try {
        return PropertyValues.nonNegative(key, t.text);
      } catch (IllegalArgumentException e) {
        throw error(t, e.getMessage());
      }
    }

    /**
     * Validates a property of the Doris tables the job creates (read by the sync runtime); false for others.
     * replication_num and buckets: positive integers; tinyint1_as_boolean and enable_unicode_name_support: true or
     * false; lower_case_table_names: 0, 1, 2; name_mapping: checked after all properties.
     */
    private boolean targetProperty(String key, Token value) {
      String v = value.text.trim();
      switch (key) {
        case "replication_num", "buckets" -> {
          long n = positiveLong(value, key);
          if (n > Integer.MAX_VALUE) {
            throw error(value, key + " " + n + " > " + Integer.MAX_VALUE);
          }
          return true;
        }
        case NameProperties.NAME_MAPPING -> {
          return true; // checked once every property is read: the rules depend on enable_unicode_name_support
        }
        case "tinyint1_as_boolean", NameProperties.UNICODE -> {
          if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw error(value, key + " must be \"true\" or \"false\", got " + value.describe());
          }
          return true;
        }
        case "lower_case_table_names" -> {
          if (!v.equals("0") && !v.equals("1") && !v.equals("2")) {
            throw error(value, key + " must be 0, 1 or 2 (the source server's setting), got " + value.describe());
          }
          return true;
        }
        default -> {
          return false;
        }
      }
    }

    private long positiveLong(Token t, String key) {
      try {
        return PropertyValues.positive(key, t.text);
      } catch (IllegalArgumentException e) {
        throw error(t, e.getMessage());
      }
    }
  }
}
