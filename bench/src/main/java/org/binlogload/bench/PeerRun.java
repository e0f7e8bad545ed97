package org.binlogload.bench;

import java.util.HashMap;
import java.util.Map;
import org.binlogload.testkit.MariaDbServer;

/**
 * One peer reading one workload's binlog range in a JVM of its own, started by {@link PeerBench}: prints
 * {@link Meter#BEGIN} when its clock starts and one {@link Meter#RESULT} line at the end.
 *
 * <p>Arguments: {@code reader=binlog-client|debezium|canal|product table=w1 range=file:offset..file:offset rows=N
 * [fe=host:port] [gtids=domain-server-seq]}.
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
    Meter meter = new Meter();
    String reader = need(a, "reader");
    long rows = switch (reader) {
      case "binlog-client" -> BinlogClientPeer.read(server, range, meter);
      case "debezium" -> DebeziumPeer.read(server, table, range, need(a, "gtids"), meter);
      case "canal", "canal-parallel" -> {
        meter.begin();
        yield CanalDrain.drain(server, PeerWorkloads.SCHEMA, table, range, 1024, reader.equals("canal-parallel"))
            .rows();
      }
      case "product" -> ProductPeer.run(server, table, range, need(a, "fe"), meter);
      default -> throw new IllegalArgumentException("unknown reader=" + reader
          + " (binlog-client, debezium, canal, product)");
    };
    System.out.println(meter.end(rows));
    System.out.flush();
    System.exit(0); // some peers leave non-daemon threads behind
  }

  /** The argument list of {@link #main} for one run. */
  static String[] args(String reader, String table, BinlogRange r, String fe, String gtids) {
    return new String[] {"reader=" + reader, "table=" + table, "range=" + r.startFile() + ":" + r.startOffset()
        + ".." + r.endFile() + ":" + r.endOffset(), "rows=" + r.rows(), "fe=" + (fe == null ? "" : fe),
        "gtids=" + (gtids == null ? "" : gtids)};
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
