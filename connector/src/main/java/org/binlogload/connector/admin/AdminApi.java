package org.binlogload.connector.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.ChannelStatus;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.job.JobSnapshot;
import org.binlogload.connector.job.JobState;
import org.binlogload.connector.job.JobValidationException;
import org.binlogload.connector.job.StatementResult;
import org.binlogload.connector.job.SyncStatus;
import org.binlogload.connector.metrics.PrometheusMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's routes, independent of the HTTP server: {@code POST /api/sql}, {@code GET /api/jobs},
 * {@code GET /metrics}, {@code GET /health}. Statement texts are never logged (they may hold passwords).
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json; charset=utf-8";

  private final JobManager manager;
  private final String defaultDatabase;
  private final byte[] token;

  /** An API over {@code manager}; statements without a database use {@code defaultDatabase} (may be null). */
  public AdminApi(JobManager manager, String defaultDatabase) {
    this(manager, defaultDatabase, null);
  }

  /**
   * An API that, when {@code token} is not empty, requires {@code Authorization: Bearer <token>} on
   * {@code /api/sql} and {@code /api/jobs} ({@code /metrics} and {@code /health} stay open for scrapers and probes).
   */
  public AdminApi(JobManager manager, String defaultDatabase, String token) {
    this.manager = manager;
    this.defaultDatabase = defaultDatabase;
    this.token = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** An HTTP answer. */
  public record Response(int status, String contentType, String body) {
  }

  /** Handles one request without credentials; {@code query} holds the URL's parameters. */
  public Response handle(String method, String path, Map<String, List<String>> query, String contentType,
      byte[] body) {
    return handle(method, path, query, contentType, body, null);
  }

  /** Handles one request; {@code authorization} is the request's Authorization header, or null. */
  public Response handle(String method, String path, Map<String, List<String>> query, String contentType,
      byte[] body, String authorization) {
    if (token != null && (path.equals("/api/sql") || path.equals("/api/jobs"))) {
      byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
      if (!java.security.MessageDigest.isEqual(given, token)) {
        LOG.warn("admin API {} {} refused: missing or wrong token", method, path);
        return error(401, "missing or wrong admin token; send Authorization: Bearer <admin_token> (the CLI reads "
            + "it from BINLOG_LOAD_ADMIN_TOKEN)");
      }
    }
    try {
      switch (path) {
        case "/api/sql":
          return method.equals("POST") ? sql(query, contentType, body) : notAllowed(method, path, "POST");
        case "/api/jobs":
          return method.equals("GET") ? jobs() : notAllowed(method, path, "GET");
        case "/metrics":
          return method.equals("GET") ? new Response(200, PrometheusMetrics.CONTENT_TYPE,
              PrometheusMetrics.render(manager.jobs())) : notAllowed(method, path, "GET");
        case "/health":
          return method.equals("GET") ? health() : notAllowed(method, path, "GET");
        default:
          return error(404, "no endpoint " + method + " " + path + "; use POST /api/sql, GET /api/jobs, "
              + "GET /metrics or GET /health");
      }
    } catch (RuntimeException e) {
      LOG.error("admin API {} {} failed", method, path, e);
      return error(500, "internal error: " + e);
    }
  }

  private Response sql(Map<String, List<String>> query, String contentType, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String db = first(query, "db");
    if (contentType != null && contentType.toLowerCase().startsWith("application/json")) {
      try {
        JsonNode n = JSON.readTree(text);
        if (!n.hasNonNull("stmt")) {
          return error(400, "JSON body has no \"stmt\"; send {\"stmt\": \"SHOW SYNC JOB\"}");
        }
        text = n.get("stmt").asText();
        if (n.hasNonNull("db")) {
          db = n.get("db").asText();
        }
      } catch (IOException e) {
        return error(400, "body is not JSON: " + e.getMessage().split("\n")[0]);
      }
    }
    if (text.isBlank()) {
      return error(400, "no statement in the body; POST the statement text, e.g. SHOW SYNC JOB");
    }
    try {
      StatementResult r = manager.execute(text, db == null || db.isEmpty() ? defaultDatabase : db);
      ObjectNode out = JSON.createObjectNode();
      out.put("code", 0);
      out.put("msg", r.message());
      ArrayNode cols = out.putArray("columns");
      r.columns().forEach(cols::add);
      ArrayNode rows = out.putArray("rows");
      for (List<String> row : r.rows()) {
        ArrayNode a = rows.addArray();
        row.forEach(a::add);
      }
      return json(200, out);
    } catch (JobValidationException | IllegalArgumentException | IllegalStateException e) {
      LOG.info("statement refused: {}", e.getMessage());
      return error(400, e.getMessage());
    }
  }

  private Response jobs() {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode arr = out.putArray("jobs");
    for (JobSnapshot j : manager.jobs()) {
      ObjectNode n = arr.addObject();
      n.put("id", j.id());
      n.put("database", j.definition().database());
      n.put("name", j.definition().name());
      n.put("state", j.state().name());
      n.put("msg", j.record().message());
      n.put("source", j.definition().source().address());
      ArrayNode mapping = n.putArray("channels");
      for (ChannelSpec c : j.definition().channels()) {
        mapping.add(c.toString());
      }
      SyncStatus s = j.status();
      n.put("position", s.position());
      n.put("gtid", s.gtid());
      n.put("delayMillis", s.delayMillis());
      n.put("executeTimeMillis", s.executeTimeMillis());
      n.put("rowsPerSecond", s.rowsPerSecond());
      n.put("totalRows", s.totalRows());
      n.put("commitRounds", s.commitRounds());
      n.put("errors", s.errors());
      ArrayNode chs = n.putArray("channelStatus");
      for (ChannelStatus c : s.channels()) {
        ObjectNode cn = chs.addObject();
        cn.put("source", c.source());
        cn.put("target", c.target());
        cn.put("rows", c.rows());
        cn.put("bytes", c.bytes());
        cn.put("loads", c.loads());
        cn.put("lastLabel", c.lastLabel());
      }
      n.put("createTime", j.record().createTime());
      n.put("lastStartTime", j.record().lastStartTime());
      n.put("lastStopTime", j.record().lastStopTime());
      n.put("finishTime", j.record().finishTime());
    }
    return json(200, out);
  }

  /**
   * UP (200) while every job that is not stopped delivers; DEGRADED (503) when one is PAUSED or waits to retry after
   * a fault, with each job's state and reason.
   */
  private Response health() {
    List<JobSnapshot> jobs = manager.jobs();
    ObjectNode out = JSON.createObjectNode();
    out.put("jobs", jobs.size());
    out.put("running", jobs.stream().filter(j -> j.state() == JobState.RUNNING).count());
    out.put("paused", jobs.stream().filter(j -> j.state() == JobState.PAUSED).count());
    boolean up = true;
    com.fasterxml.jackson.databind.node.ArrayNode list = out.putArray("details");
    for (JobSnapshot j : jobs) {
      if (j.state() == JobState.CANCELLED) {
        continue;
      }
      String retrying = j.status().retrying();
      String health = j.state() == JobState.PAUSED ? "PAUSED" : retrying != null ? "RETRYING" : "UP";
      up &= health.equals("UP");
      ObjectNode n = list.addObject();
      n.put("job", j.definition().qualifiedName());
      n.put("state", j.state().name());
      n.put("health", health);
      n.put("lagMillis", j.status().delayMillis());
      String why = retrying != null ? retrying : j.record().message();
      if (!health.equals("UP") && why != null && !why.isEmpty()) {
        n.put("reason", why);
      }
    }
    out.put("status", up ? "UP" : "DEGRADED");
    ObjectNode ordered = JSON.createObjectNode();
    ordered.put("status", out.get("status").asText());
    ordered.setAll(out);
    return json(up ? 200 : 503, ordered);
  }

  private static String first(Map<String, List<String>> query, String key) {
    List<String> v = query.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static Response notAllowed(String method, String path, String allowed) {
    return error(405, method + " " + path + " is not allowed; use " + allowed);
  }

  static Response error(int status, String msg) {
    ObjectNode out = JSON.createObjectNode();
    out.put("code", status >= 500 ? 2 : 1);
    out.put("msg", msg);
    return json(status, out);
  }

  private static Response json(int status, ObjectNode n) {
    try {
      return new Response(status, JSON_TYPE, JSON.writeValueAsString(n) + "\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode JSON", e);
    }
  }
}
