package org.binlogload.connector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line client of the daemon's admin API.
 *
 * <pre>
 * binlog-load sql [--url URL] [--db DB] "SHOW SYNC JOB"   -- one statement
 * binlog-load sql [--url URL] [--db DB]                   -- interactive: statements end with ';'
 * binlog-load jobs | health | metrics [--url URL]
 * </pre>
 *
 * <p>The admin token, when the daemon requires one, comes from {@code BINLOG_LOAD_ADMIN_TOKEN} or
 * {@code --token-file FILE}. Exit codes: 0 done, 1 the statement was refused, 2 the daemon could not be reached,
 * 64 bad usage.
 */
public final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_URL = "http://127.0.0.1:8440";

  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String url = DEFAULT_URL;
  private String db;
  private String token = System.getenv("BINLOG_LOAD_ADMIN_TOKEN");

  private Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the client; returns the exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return new Cli(out, err).main(args, in);
  }

  /** Entry point of {@code bin/binlog-load sql|jobs|health|metrics}. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  private int main(String[] args, InputStream in) {
    String env = System.getenv("BINLOG_LOAD_ADMIN_URL");
    if (env != null && !env.isBlank()) {
      url = env;
    }
    String command = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--url") && i + 1 < args.length) {
        url = args[++i];
      } else if (a.equals("--port") && i + 1 < args.length) {
        url = "http://127.0.0.1:" + args[++i];
      } else if (a.equals("--token-file") && i + 1 < args.length) {
        try {
          token = java.nio.file.Files.readString(java.nio.file.Path.of(args[++i])).trim();
        } catch (IOException e) {
          err.println("ERROR: cannot read the token file: " + e.getMessage());
          return 64;
        }
      } else if (a.equals("--db") && i + 1 < args.length) {
        db = args[++i];
      } else if (command == null) {
        command = a;
      } else {
        rest.add(a);
      }
    }
    if (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (command == null) {
      return usage();
    }
    switch (command) {
      case "sql":
        if (rest.isEmpty()) {
          return interactive(in);
        }
        return sql(String.join(" ", rest));
      case "jobs":
        return get("/api/jobs", true);
      case "health":
        return get("/health", true);
      case "metrics":
        return get("/metrics", false);
      default:
        return usage();
    }
  }

  private int usage() {
    err.println("usage: binlog-load sql [--url URL] [--db DB] [\"STATEMENT\"] | jobs | health | metrics");
    return 64;
  }

  private int interactive(InputStream in) {
    boolean prompt = System.console() != null;
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder pending = new StringBuilder();
    int last = 0;
    try {
      while (true) {
        if (prompt) {
          out.print(pending.toString().isBlank() ? "binlog-load> " : "         -> ");
          out.flush();
        }
        String line = r.readLine();
        if (line == null) {
          if (!pending.toString().isBlank()) {
            last = sql(pending.toString());
          }
          return last;
        }
        String t = line.trim();
        if (pending.toString().isBlank() && (t.equalsIgnoreCase("quit") || t.equalsIgnoreCase("exit")
            || t.equalsIgnoreCase("quit;") || t.equalsIgnoreCase("exit;"))) {
          return last;
        }
        pending.append(line).append('\n');
        List<String> complete = new ArrayList<>();
        String rest = split(pending.toString(), complete);
        for (String stmt : complete) {
          if (!stmt.isBlank()) {
            last = sql(stmt);
          }
        }
        pending.setLength(0);
        pending.append(rest);
      }
    } catch (IOException e) {
      err.println("ERROR: cannot read input: " + e.getMessage());
      return 2;
    }
  }

  /** Moves the statements ended by {@code ;} (outside quotes and comments) into {@code out}; returns the rest. */
  static String split(String text, List<String> out) {
    int start = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '#' || (c == '-' && text.startsWith("--", i))) {
        int nl = text.indexOf('\n', i);
        if (nl < 0) {
          break;
        }
        i = nl;
      } else if (c == ';') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    return text.substring(start);
  }

  private int sql(String statement) {
    String target = url + "/api/sql" + (db == null ? "" : "?db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(5))
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8));
    if (token != null && !token.isEmpty()) {
      rb.header("Authorization", "Bearer " + token);
    }
    HttpRequest req = rb.build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
    JsonNode n;
    try {
      n = JSON.readTree(resp.body());
    } catch (IOException e) {
      err.println("ERROR: the admin API answered HTTP " + resp.statusCode() + " without JSON: " + resp.body());
      return 2;
    }
    if (n.path("code").asInt(-1) != 0) {
      err.println("ERROR: " + n.path("msg").asText());
      return 1;
    }
    List<String> cols = new ArrayList<>();
    n.path("columns").forEach(c -> cols.add(c.asText()));
    if (cols.isEmpty()) {
      out.println(n.path("msg").asText());
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : n.path("rows")) {
      List<String> r = new ArrayList<>();
      row.forEach(v -> r.add(v.isNull() ? "NULL" : v.asText()));
      rows.add(r);
    }
    out.print(table(cols, rows));
    out.println(n.path("msg").asText());
    return 0;
  }

  private int get(String path, boolean pretty) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null && !token.isEmpty()) {
      rb.header("Authorization", "Bearer " + token);
    }
    HttpRequest req = rb.build();
    try {
      HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String body = resp.body();
      if (pretty) {
        try {
          body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body)) + "\n";
        } catch (IOException e) {
          // not JSON: print as is
        }
      }
      (resp.statusCode() == 200 ? out : err).print(body);
      return resp.statusCode() == 200 ? 0 : 1;
    } catch (IOException e) {
      return unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private int unreachable(IOException e) {
    err.println("ERROR: cannot reach the admin API at " + url + " (" + e + "); is the daemon running "
        + "(bin/binlog-load start) and is admin_port right?");
    return 2;
  }

  /** A MySQL-client-style table with vertical rows when a line would be too wide. */
  static String table(List<String> cols, List<List<String>> rows) {
    int[] w = new int[cols.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = cols.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i) == null ? 4 : r.get(i).length());
      }
    }
    int total = 1;
    for (int x : w) {
      total += x + 3;
    }
    StringBuilder sb = new StringBuilder();
    if (total > 200 && !rows.isEmpty()) {
      int wName = cols.stream().mapToInt(String::length).max().orElse(0);
      for (int r = 0; r < rows.size(); r++) {
        sb.append("*************************** ").append(r + 1).append(". row ***************************\n");
        for (int i = 0; i < cols.size(); i++) {
          sb.append(" ".repeat(wName - cols.get(i).length())).append(cols.get(i)).append(": ")
              .append(rows.get(r).get(i)).append('\n');
        }
      }
      return sb.toString();
    }
    StringBuilder line = new StringBuilder("+");
    for (int x : w) {
      line.append("-".repeat(x + 2)).append('+');
    }
    line.append('\n');
    sb.append(line).append(row(cols, w)).append(line);
    for (List<String> r : rows) {
      sb.append(row(r, w));
    }
    if (!rows.isEmpty()) {
      sb.append(line);
    }
    return sb.toString();
  }

  private static String row(List<String> values, int[] w) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < w.length; i++) {
      String v = values.get(i) == null ? "NULL" : values.get(i);
      sb.append(' ').append(v).append(" ".repeat(w[i] - v.length())).append(" |");
    }
    return sb.append('\n').toString();
  }
}
