package org.binlogload.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link PeerRun} in a child JVM on this JVM's class path and reads back its {@link Meter#RESULT} line. */
final class ChildJvm {
  private ChildJvm() {}

  /** Something to do the moment the child's clock starts (sampling a target's CPU). */
  interface OnBegin {
    void begun() throws IOException;
  }

  /**
   * Runs the child with {@code -Xmx<xmx>} and its temporary files in {@code tmp}; its other output and its stderr go
   * to {@code log}. Returns the result's {@code key=value} pairs; fails with the log's last lines when the child
   * ends without a result.
   */
  static Map<String, String> run(String[] args, String xmx, Path tmp, Path log, OnBegin onBegin)
      throws IOException, InterruptedException {
    return run(args, xmx, List.of(), System.getProperty("java.class.path"), tmp, log, onBegin);
  }

  /** As above, with {@code jvmOptions} before the bench's own (the product's shipped options) and a class path. */
  static Map<String, String> run(String[] args, String xmx, List<String> jvmOptions, String classPath, Path tmp,
      Path log, OnBegin onBegin) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TargetProcess.javaBinary(), "-Xmx" + xmx,
        "-Djava.io.tmpdir=" + tmp));
    cmd.addAll(jvmOptions);
    String jfr = System.getProperty("peer.jfr");
    if (jfr != null) { // a JFR recording of the child: -Dpeer.jfr=<directory>
      cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr, args[0] + "-" + System.nanoTime()
          + ".jfr"));
    }
    String opts = System.getProperty("peer.jvmopts");
    if (opts != null && !opts.isBlank()) { // extra options for the child, e.g. -Dpeer.jvmopts="-Xlog:jit*=debug"
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("peer."))
        .filter(k -> !k.equals("peer.jvmopts"))
        .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k))); // the bench's own settings
    cmd.addAll(List.of("-cp", classPath, PeerRun.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Map<String, String> result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter echo = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.APPEND))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals(Meter.BEGIN)) {
          onBegin.begun();
        } else if (line.startsWith(Meter.RESULT + " ")) {
          result = parse(line);
        } else {
          echo.println(line);
        }
      }
    }
    int rc = p.waitFor();
    if (result == null) {
      throw new IllegalStateException("PeerRun " + args[0] + " " + args[1] + " exited with " + rc
          + " and no result: " + rootCause(log) + " (the whole trace is in " + log + ")");
    }
    return result;
  }

  private static Map<String, String> parse(String line) {
    Map<String, String> m = new HashMap<>();
    for (String kv : line.substring(Meter.RESULT.length() + 1).split(" ")) {
      String[] p = kv.split("=", 2);
      m.put(p[0], p[1]);
    }
    return m;
  }

  /** The root cause of the last stack trace in the log: its last "Caused by:" line, or its first line. */
  static String rootCause(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    String first = lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1);
    for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 200); i--) {
      String l = lines.get(i);
      if (l.startsWith("Caused by: ")) {
        return l.substring("Caused by: ".length());
      }
      if (l.startsWith("Exception in thread")) {
        return l;
      }
    }
    return first;
  }
}
