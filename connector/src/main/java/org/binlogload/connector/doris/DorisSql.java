package org.binlogload.connector.doris;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL through {@code POST /api/query/default_cluster/{db}}: statements and their result sets, waiting for a schema
 * change job, {@code DESC}. Reads are retried on any retryable error; other statements only when Doris refused them
 * outright, since a lost answer may hide an applied DDL.
 */
final class DorisSql {
  private static final Pattern ERR_CODE = Pattern.compile("errCode = (-?\\d+), detailMessage = (.*)", Pattern.DOTALL);

  private final DorisHttp http;

  DorisSql(DorisHttp http) {
    this.http = http;
  }

  QueryResult query(String db, String stmt) {
    boolean read = isRead(stmt);
    return http.retrying("statement in " + db, db, null, e -> e.retryable() && (read
        || e.kind() == ErrorKind.SCHEMA_CHANGE_RUNNING || e.kind() == ErrorKind.NOT_STABLE),
        attempt -> once(db, stmt));
  }

  private static boolean isRead(String stmt) {
    String s = stmt.stripLeading().toUpperCase(Locale.ROOT);
    return s.startsWith("SELECT") || s.startsWith("SHOW") || s.startsWith("DESC") || s.startsWith("EXPLAIN");
  }

  private QueryResult once(String db, String stmt) {
    // statements outside any database (CREATE DATABASE) run in information_schema, which every Doris has
    String path = "/api/query/default_cluster/"
        + DorisHttp.encodePath(db == null || db.isEmpty() ? "information_schema" : db);
    ObjectNode body = DorisHttp.MAPPER.createObjectNode().put("stmt", stmt);
    byte[] bytes;
    try {
      bytes = DorisHttp.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode statement", e);
    }
    List<String[]> headers = List.of(new String[] {"Authorization", http.authorization()},
        new String[] {"Content-Type", "application/json"});
    Answer response = http.exchange(path,
        (uri, hop) -> HttpCall.of("POST", uri, headers, http.config().readTimeout()).withBody(bytes), db, null);
    JsonNode json = http.parseJson(response, db, null);
    int code = json.path("code").asInt(-1);
    if (code != 0) {
      String msg = json.path("msg").asText("");
      JsonNode data = json.path("data");
      String detail = data.isTextual() && !data.asText().isEmpty() && !data.asText().equals(msg)
          ? msg + ": " + data.asText() : msg;
      throw sqlError(db, stmt, detail);
    }
    return resultSet(json.path("data"));
  }

  private static QueryResult resultSet(JsonNode data) {
    if (!"result_set".equals(data.path("type").asText())) {
      return QueryResult.empty();
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode m : data.path("meta")) {
      columns.add(m.path("name").asText());
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode r : data.path("data")) {
      List<Object> row = new ArrayList<>(r.size());
      for (JsonNode v : r) {
        row.add(v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isTextual() ? v.asText() : v.toString());
      }
      rows.add(row);
    }
    return new QueryResult(columns, rows);
  }

  private DorisSqlException sqlError(String db, String stmt, String msg) {
    int errCode = -1;
    String detail = msg;
    Matcher m = ERR_CODE.matcher(msg);
    if (m.find()) {
      errCode = Integer.parseInt(m.group(1));
      detail = m.group(2).trim();
    }
    ErrorKind kind = DorisErrorClassifier.classifyMessage(detail, ErrorKind.SQL_ERROR);
    String shown = stmt.length() <= 200 ? stmt : stmt.substring(0, 200) + " ...";
    return new DorisSqlException(kind, http.redact("statement in " + db + " failed: " + detail + " [" + shown + "]"),
        db, stmt, errCode, http.redact(detail));
  }

  /** See {@link DorisClient#awaitSchemaChange}. */
  Optional<Map<String, Object>> awaitSchemaChange(String db, String table, Duration timeout) {
    String stmt = "SHOW ALTER TABLE COLUMN FROM " + quoteIdent(db) + " WHERE TableName = '"
        + table.replace("\\", "\\\\").replace("'", "\\'") + "' ORDER BY CreateTime DESC LIMIT 1";
    String where = db + "." + table;
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMs = 50;
    while (true) {
      QueryResult r = query(db, stmt);
      if (r.rows().isEmpty()) {
        return Optional.empty();
      }
      Map<String, Object> job = r.rowMaps().get(0);
      String state = String.valueOf(job.get("State"));
      if ("FINISHED".equalsIgnoreCase(state)) {
        return Optional.of(job);
      }
      if ("CANCELLED".equalsIgnoreCase(state)) {
        String msg = String.valueOf(job.get("Msg"));
        throw new DorisSqlException(ErrorKind.SCHEMA_CHANGE_CANCELLED, "schema change job " + job.get("JobId")
            + " of " + where + " was CANCELLED: " + msg, db, stmt, -1, msg);
      }
      if (System.nanoTime() > deadline) {
        throw new DorisException(ErrorKind.TIMEOUT, "schema change job " + job.get("JobId") + " of " + where
            + " still " + state + " after " + timeout.toMillis() + " ms", where, null, -1, null);
      }
      http.sleep(Duration.ofMillis(pauseMs), where, null);
      pauseMs = Math.min(pauseMs * 2, 1000);
    }
  }

  /** The columns of {@code db.table} as {@code DESC} lists them. */
  List<DorisColumn> describe(String db, String table) {
    QueryResult r = query(db, "DESC " + quoteIdent(table));
    List<DorisColumn> out = new ArrayList<>();
    for (Map<String, Object> m : r.rowMaps()) {
      out.add(new DorisColumn(str(m.get("Field")), str(m.get("Type")), "YES".equalsIgnoreCase(str(m.get("Null"))),
          "true".equalsIgnoreCase(str(m.get("Key"))), str(m.get("Default")), str(m.get("Extra"))));
    }
    return out;
  }

  /** {@code name} in backquotes, inner backquotes doubled. */
  static String quoteIdent(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
