package org.binlogload.connector.sink.doris;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisErrorClassifier;
import org.binlogload.connector.doris.DorisException;
import org.binlogload.connector.doris.DorisSqlException;
import org.binlogload.connector.doris.ErrorKind;
import org.binlogload.connector.sync.Sink;

/**
 * The one place that says what fixes a Doris refusal a job meets: it maps the {@link ErrorKind} of the
 * {@link DorisException} among a failure's causes ({@link DorisErrorClassifier} decides the kind) to the job property,
 * configuration key or statement that fixes it. The job ends its pause message with this fix, names it in its
 * "retrying" message for a transient refusal, and a refused DDL gives it as the way on.
 *
 * <p>The facts are Doris's own: FE {@code ErrorCode} texts (1045 access denied, 1142 command denied, 1227
 * privileges, 1049 unknown database), {@code GRANT priv ON db.* TO user}, {@code ALTER TABLE t ENABLE FEATURE
 * "SEQUENCE_LOAD"} (docs "sequence-column-manual"), {@code SystemInfoService}'s "Failed to find enough backend",
 * the FE config {@code stream_load_default_precommit_timeout_second} (master only, mutable, 3600 s), the BE configs
 * {@code max_tablet_version_num} (TOO_MANY_VERSION, -235), {@code streaming_load_max_mb} (10240 MB),
 * {@code disable_stream_load_2pc} and {@code load_error_log_reserve_hours} (48 h), changed in {@code be.conf} or live
 * with {@code POST /api/update_config?key=value&persist=true}. Nothing here ever holds the password.
 */
public final class DorisRemedy {
  private static final String CONFIG = "doris.user and doris.password in the daemon's conf/binlog-load.conf "
      + "(or the FE plugin's plugin.conf)";
  private static final String BE_CONFIG = "http://<be_host>:<be_http_port>/api/update_config?";
  private static final Pattern ERROR_LOG_COLUMN =
      Pattern.compile("column_name\\[([^\\]]+)\\]|column_name: ([^;]+);|column\\(([^)]+)\\)");
  private static final Pattern TABLE_OF_STATEMENT = Pattern.compile(
      "(?i)^\\s*(?:CREATE|ALTER|DROP|TRUNCATE)\\s+TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?([`\\w.]+)");
  private static final Pattern REPLICATION_NUM = Pattern.compile("replication num: (\\d+)");

  private DorisRemedy() {}

  /** What a fix may name: the Doris user (never its password), the job's name, its committed position (or null). */
  public record Context(String user, String job, BinlogPosition committed) {
    /** A context; {@code committed} may be null before the first commit. */
    public Context {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * A fix for one kind of refusal.
   *
   * @param kind the kind it fixes
   * @param text what to do, naming the property, configuration key or statement
   * @param thenResume whether {@code RESUME SYNC JOB} is the step after it (false when the text says itself how the
   *     job goes on, or when the job retries by itself)
   */
  public record Fix(ErrorKind kind, String text, boolean thenResume) {
    /** This fix as the sink port gives it: {@code retried} when the job retries the kind by itself. */
    public Sink.Fix port() {
      return new Sink.Fix(text, thenResume, kind.retryable());
    }
  }

  /** The fix for {@code failure} (the first {@link DorisException} among its causes), if Doris refused something. */
  public static Optional<Fix> of(Throwable failure, Context c) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DorisException d) {
        return of(d, c);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /** The fix for {@code e}, if its kind has one. */
  public static Optional<Fix> of(DorisException e, Context c) {
    String where = e.table() == null ? "" : e.table();
    String db = where.contains(".") ? where.substring(0, where.indexOf('.')) : where;
    String text = String.valueOf(e.getMessage());
    return accessFix(e, c, where, db).or(() -> loadFix(e, c, where, text));
  }

  /** The fix for a refusal of the user, or of a database, table or column Doris lacks. */
  private static Optional<Fix> accessFix(DorisException e, Context c, String where, String db) {
    switch (e.kind()) {
      case AUTH:
        return fix(e, "Doris does not accept the user '" + c.user() + "' with the configured password (no such user, "
            + "or a wrong password): set " + CONFIG + " to a Doris user and its password, and restart the daemon "
            + "(or the FE)", true);
      case PRIVILEGE:
        return fix(e, "the Doris user '" + c.user() + "' lacks a privilege the job needs on "
            + (db.isEmpty() ? "the database" : "database " + db) + " (LOAD_PRIV for loads and commits, ALTER_PRIV, "
            + "CREATE_PRIV and DROP_PRIV for the DDL it applies): as a Doris admin run GRANT LOAD_PRIV, ALTER_PRIV, "
            + "CREATE_PRIV, DROP_PRIV ON " + (db.isEmpty() ? "<database>" : DorisClient.quoteIdent(db)) + ".* TO '"
            + c.user().replace("'", "\\'") + "'@'%'", true);
      case UNKNOWN_DATABASE:
        return fix(e, "Doris has no database " + (db.isEmpty() ? "of this job" : db) + ": run CREATE DATABASE "
            + (db.isEmpty() ? "<database>" : DorisClient.quoteIdent(db)) + " in Doris (the job creates its missing "
            + "tables when it starts), or give the job an INTO clause naming an existing database (STOP SYNC JOB "
            + c.job() + " and CREATE SYNC JOB again)", true);
      case UNKNOWN_TABLE:
        return fix(e, "Doris has no table " + tableOf(e, where) + ": create it again in Doris as the MySQL table "
            + "is (or STOP SYNC JOB " + c.job() + " and CREATE SYNC JOB again: a job creates its missing tables)",
            true);
      case UNKNOWN_COLUMN:
        return fix(e, "add the missing column to the Doris table " + tableOf(e, where) + " with the type of the MySQL "
            + "column (ALTER TABLE ... ADD COLUMN)", true);
      default:
        return Optional.empty();
    }
  }

  /** The fix for a refusal of rows, a table's set-up, the cluster's configuration or a transaction. */
  private static Optional<Fix> loadFix(DorisException e, Context c, String where, String text) {
    switch (e.kind()) {
      case FILTERED_ROWS:
        return fix(e, "Doris refused rows of " + tableOf(e, where) + (e.label() == null ? "" : " (label " + e.label()
            + ")") + " whose values do not fit its columns"
            + (text.contains("error log ") ? "; the error log quoted above (ErrorURL; the BE keeps it for "
                + "load_error_log_reserve_hours, 48 h by default) names each row and the reason" : "")
            + ". Usually a Doris column is narrower than the MySQL one (a string longer than its VARCHAR, a number "
            + "out of range, NULL into NOT NULL, a date Doris cannot hold): make it as wide as the MySQL column with "
            + "ALTER TABLE " + quoted(tableOf(e, where)) + " MODIFY COLUMN " + column(text) + " <type> (the job "
            + "loads with strict_mode and max_filter_ratio 0, so no row is ever dropped)", true);
      case NO_SEQUENCE_COLUMN:
        return fix(e, "the Doris table " + tableOf(e, where) + " has no sequence column, which the job fills with "
            + "each row's binlog position so that rows apply in binlog order: run ALTER TABLE "
            + quoted(tableOf(e, where)) + " ENABLE FEATURE \"SEQUENCE_LOAD\" WITH PROPERTIES "
            + "(\"function_column.sequence_type\" = \"bigint\") in Doris (or drop the table and let a new job create "
            + "it)", true);
      case NOT_ENOUGH_BACKENDS:
        return fix(e, "the job creates its tables with " + replicationNum(text) + " than Doris has alive backends "
            + "(SHOW BACKENDS): give the job \"replication_num\" = \"<alive backends>\" in its "
            + "PROPERTIES (STOP SYNC JOB " + c.job() + " and CREATE SYNC JOB again with it), or add backends "
            + "(ALTER SYSTEM ADD BACKEND) and RESUME SYNC JOB " + c.job(), false);
      case BODY_TOO_LARGE:
        return fix(e, "a load of " + tableOf(e, where) + " is larger than a BE takes (BE config streaming_load_max_mb, "
            + "10240 MB by default): raise streaming_load_max_mb on every BE (be.conf, or at once with POST "
            + BE_CONFIG + "streaming_load_max_mb=<MB>&persist=true); a smaller max_bytes_sync_commit in the job's "
            + "PROPERTIES (a new job) also keeps each load under it", true);
      case TWO_PHASE_DISABLED:
        return fix(e, "the BEs refuse two-phase Stream Load, which the job needs to commit exactly once: set "
            + "disable_stream_load_2pc = false on every BE (be.conf, or at once with POST " + BE_CONFIG
            + "disable_stream_load_2pc=false&persist=true)", true);
      case TXN_EXPIRED:
        return fix(e, "Doris no longer holds transaction " + e.txnId() + (e.label() == null ? "" : " (label "
            + e.label() + ")") + ": it was aborted, or it expired after the master FE's "
            + "stream_load_default_precommit_timeout_second (3600 s by default) before the job committed it, so rows "
            + "the job decided to commit are not in Doris and RESUME cannot bring them. Raise the timeout above the "
            + "longest outage (ADMIN SET FRONTEND CONFIG (\"stream_load_default_precommit_timeout_second\" = "
            + "\"<seconds>\"), and in fe.conf), then " + restart(c), false);
      case LABEL_ALREADY_COMMITTED:
        return fix(e, "Doris holds label " + (e.label() == null ? "" : e.label() + " ") + "committed by a load this "
            + "job never decided: another runtime (a second daemon or FE plugin, or a copy of this job's state) runs "
            + "a job with the same id and name against this Doris. Stop that one, then " + restart(c)
            + " (a new job has a new id, so its labels are new)", false);
      case TOO_MANY_VERSIONS:
        return fix(e, "Doris refuses loads into a tablet that holds more versions than the BE's "
            + "max_tablet_version_num until compaction merges them, and the job retries until it does; if it lasts, "
            + "check compaction on the BEs, commit less often (a larger sync_commit_interval_second in the job's "
            + "PROPERTIES) or raise max_tablet_version_num (be.conf, or POST " + BE_CONFIG
            + "max_tablet_version_num=<n>&persist=true)", false);
      case CONNECTION:
        return fix(e, "the job retries until Doris answers; if it does not come back, check that the FEs of "
            + "doris.fe_http_addresses (conf/binlog-load.conf or plugin.conf) and their BEs are up and reachable",
            false);
      default:
        return Optional.empty();
    }
  }

  private static Optional<Fix> fix(DorisException e, String text, boolean thenResume) {
    return Optional.of(new Fix(e.kind(), text, thenResume));
  }

  /** How to load again what Doris lost: a new job from a binlog position at or before the committed one. */
  private static String restart(Context c) {
    BinlogPosition p = c.committed();
    String from = p == null ? "the job's start position"
        : "\"mysql.start_position\" = \"" + p.file() + ":4\" (the start of the binlog file holding the committed "
            + "position " + p + ")";
    return "STOP SYNC JOB " + c.job() + " and CREATE SYNC JOB again with " + from
        + "; reloading rows the Doris tables already hold is harmless, each row carries its binlog position";
  }

  /** {@code db.table} of the failure: the exception's, or for a statement the table it names. */
  private static String tableOf(DorisException e, String where) {
    if (e instanceof DorisSqlException s && !where.contains(".") && s.statement() != null) {
      Matcher m = TABLE_OF_STATEMENT.matcher(s.statement());
      if (m.find()) {
        String name = m.group(1).replace("`", "");
        return name.contains(".") || where.isEmpty() ? name : where + "." + name;
      }
    }
    return where.isEmpty() ? "the table" : where;
  }

  /** {@code `db`.`table`}, or the text as it is when it is not {@code db.table}. */
  private static String quoted(String table) {
    int dot = table.indexOf('.');
    if (dot <= 0 || table.indexOf(' ') >= 0) {
      return table;
    }
    return DorisClient.quoteIdent(table.substring(0, dot)) + "." + DorisClient.quoteIdent(table.substring(dot + 1));
  }

  /**
   * The column the quoted error log names ({@code column_name[c]} or {@code column_name: c;} as BEs write it), in
   * backquotes, when it names exactly one; else a placeholder.
   */
  private static String column(String message) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    Matcher m = ERROR_LOG_COLUMN.matcher(message);
    while (m.find()) {
      names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2).strip() : m.group(3));
    }
    return names.size() == 1 ? DorisClient.quoteIdent(names.iterator().next()) : "<column>";
  }

  private static String replicationNum(String message) {
    Matcher m = REPLICATION_NUM.matcher(message.toLowerCase(Locale.ROOT));
    return m.find() ? "replication_num " + m.group(1) + ", more replicas" : "more replicas";
  }
}
