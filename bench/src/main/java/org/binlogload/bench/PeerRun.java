package org.binlogload.bench;

import java.util.HashMap;
import java.util.Map;
import org.binlogload.testkit.MariaDbServer;

/**
 * One peer reading one workload's binlog range in a JVM of its own, started by {@link PeerBench}: prints
 * {@link Meter#BEGIN} when its clock starts and one {@link Meter#RESULT} line at the end.
 *
 * <p>Arguments: {@code reader=binlog-client|debezium|canal|product table=w1 range=file:offset..file:offset rows=N
 * [fe=host:port] [gtids=domain-server-seq] [warmups=0]}: with warmups=N the JVM reads the range N times untimed
 * before the timed read, so the timed read runs compiled code, as a reader that has run for a while does.
 */
public final class PeerRun {
  private PeerRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.toLevel(System.getProperty("peer.log"), ch.qos.logback.classic.Level.WARN));
    String table = need(a, "table");
    BinlogRange range = parseRange(need(a, "range"), Long.parseLong(need(a, "rows")));
    MariaDbServer server = MariaDbServer.shared();
    server.start();
    String reader = need(a, "reader");
    int warmups = Integer.parseInt(a.getOrDefault("warmups", "0").isEmpty() ? "0" : a.get("warmups"));
    if (reader.equals("product")) { // one daemon for every pass, a job per pass
      Meter meter = new Meter();
      long rows = ProductPeer.run(server, table, range, need(a, "fe"), warmups, meter);
      System.out.println(meter.end(rows));
      System.out.flush();
      System.exit(0);
    }
    for (int pass = 0; pass < warmups; pass++) {
      Meter untimed = new Meter();
      untimed.end(read(reader, server, table, range, a, untimed)); // its BEGIN is superseded by the timed one's
    }
    Meter meter = new Meter();
    long rows = read(reader, server, table, range, a, meter);
    System.out.println(meter.end(rows));
    System.out.flush();
    System.exit(0); // some peers leave non-daemon threads behind
  }

  private static long read(String reader, MariaDbServer server, String table, BinlogRange range,
      Map<String, String> a, Meter meter) throws Exception {
    return switch (reader) {
      case "binlog-client" -> BinlogClientPeer.read(server, range, meter);
      case "debezium" -> DebeziumPeer.read(server, table, range, need(a, "gtids"), meter);
      case "canal", "canal-parallel" -> {
        meter.begin();
        yield CanalDrain.drain(server, PeerWorkloads.SCHEMA, table, range, 1024, reader.equals("canal-parallel"))
            .rows();
      }
      default -> throw new IllegalArgumentException("unknown reader=" + reader
          + " (binlog-client, debezium, canal, product)");
    };
  }

  /** The argument list of {@link #main} for one run. */
  static String[] args(String reader, String table, BinlogRange r, String fe, String gtids, int warmups) {
    return new String[] {"reader=" + reader, "table=" + table, "range=" + r.startFile() + ":" + r.startOffset()
        + ".." + r.endFile() + ":" + r.endOffset(), "rows=" + r.rows(), "fe=" + (fe == null ? "" : fe),
        "gtids=" + (gtids == null ? "" : gtids), "warmups=" + warmups};
  }

  private static BinlogRange parseRange(String text, long rows) {
    String[] ends = text.split("\\.\\.", 2);
    int a = ends[0].lastIndexOf(':');
    int b = ends[1].lastIndexOf(':');
    return new BinlogRange(ends[0].substring(0, a), Long.parseLong(ends[0].substring(a + 1)),
        ends[1].substring(0, b), Long.parseLong(ends[1].substring(b + 1)), rows);
  }

  private static String need(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("PeerRun needs " + key + "=...; got " + a.keySet());
    }
    return v;
  }
}
