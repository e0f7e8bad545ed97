package org.binlogload.connector.job;

import static org.binlogload.connector.job.SyncStatements.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses the tokens of one sync statement into a {@link Statement}; errors name line, column and the fix. */
final class StatementParser {
  private final List<StatementToken> tokens;
  private final String defaultDatabase;
  private int pos;

  private final StatementValues checks = new StatementValues(this);
  private final ChannelClauses clauses = new ChannelClauses(this);

  StatementParser(List<StatementToken> tokens, String defaultDatabase) {
    this.tokens = tokens;
    this.defaultDatabase = defaultDatabase == null || defaultDatabase.isEmpty() ? null : defaultDatabase;
  }

  StatementToken peek() {
    return tokens.get(pos);
  }

  StatementToken peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  StatementToken next() {
    StatementToken t = tokens.get(pos);
    if (t.kind != StatementToken.Kind.EOF) {
      pos++;
    }
    return t;
  }

  SyncStatementException error(StatementToken at, String message) {
    return new SyncStatementException(message, at.line, at.column);
  }

  StatementToken expectWord(String word, String hint) {
    StatementToken t = next();
    if (!t.isWord(word)) {
      throw error(t, "expected " + word + ", found " + t.describe() + "; " + hint);
    }
    return t;
  }

  StatementToken expectSymbol(char c, String hint) {
    StatementToken t = next();
    if (!t.isSymbol(c)) {
      throw error(t, "expected '" + c + "', found " + t.describe() + "; " + hint);
    }
    return t;
  }

  StatementToken identifier(String what, String hint) {
    StatementToken t = next();
    if (!t.isIdentifier()) {
      throw error(t, "expected " + what + ", found " + t.describe() + "; " + hint);
    }
    return t;
  }

  Statement statement() {
    StatementToken first = next();
    if (first.isWord("CREATE")) {
      return create(first);
    }
    if (first.isWord("ALTER")) {
      return alter();
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
        StatementToken p = next();
        if (p.kind != StatementToken.Kind.STRING || p.text.isBlank()) {
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
    throw error(first, "expected CREATE, ALTER, PAUSE, RESUME, STOP or SHOW SYNC JOB, found " + first.describe());
  }

  private String[] jobName(String hint) {
    StatementToken a = identifier("a job name", hint);
    String db;
    StatementToken nameToken;
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

  void checkName(StatementToken t, Pattern p, String what) {
    if (!p.matcher(t.text).matches()) {
      throw error(t, what + " " + t.describe() + " must match " + p.pattern());
    }
  }

  private Statement create(StatementToken createToken) {
    String hint = "write CREATE SYNC JOB [db.]job_name (FROM mysql_db.tbl INTO doris_tbl, ...) FROM BINLOG (...)";
    expectWord("SYNC", hint);
    if (peek().isWord("JOB") && peek(1).isIdentifier()) {
      next();
    }
    String[] name = jobName(hint);
    JobDefinition.Builder def = JobDefinition.builder().database(name[0]).name(name[1]);
    expectSymbol('(', "the channels follow the job name: (FROM mysql_db.tbl INTO doris_tbl, ...)");
    List<ChannelSpec> channels = new ArrayList<>();
    List<StatementToken> channelTokens = new ArrayList<>();
    do {
      channelTokens.add(peek());
      channels.add(clauses.channel(name[0]));
    } while (acceptSymbol(','));
    expectSymbol(')', "separate channels with ',' and close the list with ')'");
    clauses.checkOneToOne(channels, channelTokens);
    def.channels(channels);

    String binlogHint = "write FROM BINLOG (\"type\" = \"mysql\", \"mysql.host\" = \"...\", ...)";
    expectWord("FROM", binlogHint);
    expectWord("BINLOG", binlogHint);
    StatementToken binlogOpen = peek();
    Map<String, StatementToken[]> binlog = properties(binlogHint);
    StatementToken binlogClose = tokens.get(pos - 1);
    SourceSpec source = checks.source(binlog, binlogOpen, binlogClose);
    clauses.checkSnapshotCopies(source, channels, channelTokens);
    def.source(source);

    if (peek().isWord("PROPERTIES")) {
      jobProperties(def);
    }
    return new Statement.CreateSyncJob(def.build());
  }

  /**
   * {@code ALTER SYNC JOB [db.]name [FROM BINLOG (...)] [PROPERTIES (...)]}: only what may change under a running job
   * (the MySQL credentials, the commit policy, the properties of tables created from now on).
   */
  private Statement alter() {
    String hint = "write ALTER SYNC JOB [db.]job_name [FROM BINLOG (\"mysql.user\" = \"...\", \"mysql.password\" = "
        + "\"...\")] [PROPERTIES (\"name\" = \"value\", ...)]";
    expectWord("SYNC", hint);
    expectWord("JOB", hint);
    String[] name = jobName(hint);
    if (AlterClauses.starts(peek())) {
      return AlterClauses.parse(this, name);
    }
    Map<String, String> source = new LinkedHashMap<>();
    Map<String, String> props = new LinkedHashMap<>();
    if (peek().isWord("FROM")) {
      next();
      expectWord("BINLOG", hint);
      for (Map.Entry<String, StatementToken[]> e : properties(hint).entrySet()) {
        StatementToken[] kv = e.getValue();
        if (!ALTERABLE_BINLOG.contains(e.getKey())) {
          throw error(kv[0], JobAlteration.fixedBinlogReason(e.getKey(), kv[0].describe()));
        }
        source.put(e.getKey(), kv[1].text);
      }
    }
    if (peek().isWord("PROPERTIES")) {
      next();
      for (Map.Entry<String, StatementToken[]> e : properties(hint).entrySet()) {
        StatementToken[] kv = e.getValue();
        if (!KNOWN_PROPERTIES.contains(e.getKey())) {
          throw error(kv[0], "unknown property " + kv[0].describe() + " in PROPERTIES; known: "
              + new TreeSet<>(KNOWN_PROPERTIES));
        }
        if (!ALTERABLE_PROPERTIES.contains(e.getKey())) {
          throw error(kv[0], JobAlteration.fixedPropertyReason(e.getKey()));
        }
        props.put(e.getKey(), kv[1].text.trim());
      }
    }
    if (source.isEmpty() && props.isEmpty()) {
      throw error(peek(), "ALTER SYNC JOB " + name[1] + " changes nothing; " + hint);
    }
    return new Statement.AlterSyncJob(name[0], name[1], source, props);
  }

  /** {@code PROPERTIES (...)}: the commit policy and the properties of the Doris tables the job creates. */
  private void jobProperties(JobDefinition.Builder def) {
    StatementToken propsToken = next();
    Map<String, StatementToken[]> props = properties("write PROPERTIES (\"name\" = \"value\", ...)");
    Map<String, String> values = new LinkedHashMap<>();
    CommitPolicy.Builder policy = CommitPolicy.builder();
    for (Map.Entry<String, StatementToken[]> e : props.entrySet()) {
      String key = e.getKey();
      StatementToken[] kv = e.getValue();
      if (!KNOWN_PROPERTIES.contains(key)) {
        throw error(kv[0], "unknown property " + kv[0].describe() + " in PROPERTIES; known: "
            + new TreeSet<>(KNOWN_PROPERTIES));
      }
      if (!checks.targetProperty(key, kv[1])) {
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

  boolean acceptSymbol(char c) {
    if (peek().isSymbol(c)) {
      next();
      return true;
    }
    return false;
  }

  /** {@code ( "k" = "v", ... )}: key -> {key token, value token}, in order. */
  private Map<String, StatementToken[]> properties(String hint) {
    expectSymbol('(', hint);
    Map<String, StatementToken[]> out = new LinkedHashMap<>();
    if (peek().isSymbol(')')) {
      next();
      return out;
    }
    do {
      StatementToken k = next();
      if (k.kind != StatementToken.Kind.STRING) {
        throw error(k, "expected a quoted property name, found " + k.describe()
            + "; property names and values are quoted: \"name\" = \"value\"");
      }
      expectSymbol('=', "write \"" + k.text + "\" = \"value\"");
      StatementToken v = next();
      if (v.kind != StatementToken.Kind.STRING) {
        throw error(v, "expected a quoted value for \"" + k.text + "\", found " + v.describe() + "; write \""
            + k.text + "\" = \"" + (v.kind == StatementToken.Kind.EOF ? "value" : v.text) + "\"");
      }
      String key = k.text.trim().toLowerCase(Locale.ROOT);
      if (out.put(key, new StatementToken[] {k, v}) != null) {
        throw error(k, "property " + k.describe() + " is given twice; keep one");
      }
    } while (acceptSymbol(','));
    expectSymbol(')', "separate properties with ',' and close the list with ')'");
    return out;
  }
}
