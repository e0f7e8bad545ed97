package org.binlogload.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A client of the daemon's admin API: {@code POST /api/sql}, {@code GET /api/jobs}, {@code /metrics}, {@code /health}. */
public final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A client of the admin API at {@code host:port}. */
  public AdminClient(String host, int port) {
    this.base = "http://" + host + ":" + port;
  }

  /** The answer to one statement: HTTP status, {@code code} (0 = success), {@code msg}, and a table for SHOW. */
  public record Result(int httpStatus, int code, String msg, List<String> columns, List<List<String>> rows) {
    /** Whether the statement was applied. */
    public boolean ok() {
      return httpStatus == 200 && code == 0;
    }

    /** The value of {@code column} in row {@code row}. */
    public String value(int row, String column) {
      int i = columns.indexOf(column);
      if (i < 0) {
        throw new IllegalArgumentException("no column " + column + " in " + columns);
      }
      return rows.get(row).get(i);
    }

    /** The statement's result, failing with its message when it was refused. */
    public Result orThrow() {
      if (!ok()) {
        throw new IllegalStateException("statement refused (HTTP " + httpStatus + "): " + msg);
      }
      return this;
    }
  }

  /** Sends one statement as the body of {@code POST /api/sql}. */
  public Result sql(String statement) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/sql"))
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8)));
    JsonNode n = parse(r.body());
    List<String> cols = new ArrayList<>();
    n.path("columns").forEach(c -> cols.add(c.asText()));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : n.path("rows")) {
      List<String> v = new ArrayList<>();
      row.forEach(x -> v.add(x.isNull() ? null : x.asText()));
      rows.add(v);
    }
    return new Result(r.statusCode(), n.path("code").asInt(-1), n.path("msg").asText(""), cols, rows);
  }

  /** {@code GET /api/jobs}: every job with its state, position, lag and per-channel counters. */
  public JsonNode jobs() {
    return parse(get("/api/jobs").body());
  }

  /** The job named {@code name} in {@code GET /api/jobs}, or a missing node. */
  public JsonNode job(String name) {
    for (JsonNode j : jobs().path("jobs")) {
      if (j.path("name").asText().equals(name)) {
        return j;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** {@code GET /metrics} in Prometheus text format. */
  public String metrics() {
    return get("/metrics").body();
  }

  /** Whether {@code GET /health} answers 200 (every job delivering). */
  public boolean healthy() {
    return healthStatus() == 200;
  }

  /** Whether {@code GET /health} answers at all (200 UP, or 503 while a job is paused or retrying). */
  public boolean answering() {
    int s = healthStatus();
    return s == 200 || s == 503;
  }

  /** The status code of {@code GET /health}, or -1 when nothing answers. */
  public int healthStatus() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).GET()
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("admin API at " + base + " did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling the admin API at " + base, e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("admin API answered no JSON: " + body, e);
    }
  }

  @Override
  public String toString() {
    return "AdminClient{" + base + "}";
  }
}
