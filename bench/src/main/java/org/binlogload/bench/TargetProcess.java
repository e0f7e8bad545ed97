package org.binlogload.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Doris double in a process of its own (keeping rows, or discarding them), with its CPU time read from /proc. */
final class TargetProcess implements AutoCloseable {
  private static final Pattern FE = Pattern.compile("FE http://([0-9.]+:[0-9]+)");

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Process process;
  private final String feAddress;
  private final HttpClient http = HttpClient.newHttpClient();

  private TargetProcess(Process process, String feAddress) {
    this.process = process;
    this.feAddress = feAddress;
  }

  /** Starts {@code DorisDouble}'s main with {@code -Xmx1g}, ({@code discard}: its discarding mode) on free ports. */
  static TargetProcess start(boolean discard, Path log) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(javaBinary(), "-Xmx1g"));
    String opts = System.getProperty("peer.targetopts");
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.binlogload.dorisdouble.DorisDouble", "0",
        "0", ProductPeer.DORIS_USER, ProductPeer.DORIS_PASSWORD));
    if (discard) {
      cmd.add("discard");
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher m = FE.matcher(line);
      if (m.find()) {
        return new TargetProcess(p, m.group(1));
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("the Doris double process ended without printing its FE address; see " + log);
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String feAddress() {
    return feAddress;
  }

  /** Runs one statement through {@code POST /api/query/default_cluster/{db}}; fails unless Doris says code 0. */
  void sql(String db, String stmt) throws IOException, InterruptedException {
    query(db, stmt);
  }

  /** Runs one statement as {@link #sql} does and returns the rows of its result set (none for other statements). */
  List<List<String>> query(String db, String stmt) throws IOException, InterruptedException {
    String auth = Base64.getEncoder().encodeToString((ProductPeer.DORIS_USER + ":" + ProductPeer.DORIS_PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    String body = "{\"stmt\": \"" + stmt.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + feAddress + "/api/query/default_cluster/" + db))
        .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    String answer = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    if (!answer.contains("\"code\":0")) {
      throw new IllegalStateException("Doris double refused " + stmt + ": " + answer);
    }
    List<List<String>> rows = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode r : JSON.readTree(answer).path("data").path("data")) {
      List<String> row = new java.util.ArrayList<>();
      r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
      rows.add(row);
    }
    return rows;
  }

  /** User plus system CPU seconds the process has used so far. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / Meter.TICKS_PER_SECOND;
  }

  /** Whether the process still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** The process's peak resident set, in MB, from {@code VmHWM}. */
  long peakRssMb() {
    return Meter.peakRssKb(String.valueOf(process.pid())) >> 10;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
