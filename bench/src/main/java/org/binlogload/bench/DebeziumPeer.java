package org.binlogload.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.testkit.MariaDbServer;

/**
 * Debezium embedded with its MariaDB connector and the JSON converter (schemas off), counting the change records of
 * one table. Debezium has no "start at a binlog position" setting: a schema-only run primes the schema history and
 * the offset, whose file, position and GTID position are then rewritten to the range's start.
 */
final class DebeziumPeer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DebeziumPeer() {}

  /** Reads the range's change records of {@code table}; {@code gtids} is the GTID position of the range's start. */
  static long read(MariaDbServer server, String table, BinlogRange range, String gtids, Meter meter)
      throws Exception {
    Path dir = Files.createTempDirectory("debezium-peer");
    Properties p = properties(server, table, dir);
    prime(p, dir.resolve("offsets.dat"));
    rewriteOffset(dir.resolve("offsets.dat"), range, gtids);
    rewriteHistory(dir.resolve("history.dat"), range, gtids);
    AtomicLong rows = new AtomicLong();
    CompletableFuture<Long> done = new CompletableFuture<>();
    String topic = "bench." + PeerWorkloads.SCHEMA + "." + table;
    DebeziumEngine.ChangeConsumer<ChangeEvent<String, String>> consumer = (records, committer) -> {
      for (ChangeEvent<String, String> r : records) {
        if (r.value() != null && topic.equals(r.destination())) {
          rows.incrementAndGet();
        }
        committer.markProcessed(r);
      }
      committer.markBatchFinished();
      if (rows.get() >= range.rows()) {
        done.complete(rows.get());
      }
    };
    meter.begin();
    return run(p, consumer, done, range.rows());
  }

  private static long run(Properties p, DebeziumEngine.ChangeConsumer<ChangeEvent<String, String>> consumer,
      CompletableFuture<Long> done, long want) throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class).using(p)
        .notifying(consumer).using((success, message, error) -> {
          if (!done.isDone()) {
            done.completeExceptionally(new IllegalStateException("Debezium stopped before " + want + " records: "
                + message, error));
          }
        }).build()) {
      executor.execute(engine);
      return done.get(20, TimeUnit.MINUTES);
    } finally {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** A schema-only snapshot: leaves the schema history and an offset at the binlog's current end. */
  private static void prime(Properties p, Path offsets) throws Exception {
    Properties priming = new Properties();
    priming.putAll(p);
    priming.setProperty("offset.flush.interval.ms", "100");
    priming.setProperty("include.schema.changes", "true"); // records, so that the engine commits an offset
    CompletableFuture<Long> primed = new CompletableFuture<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class).using(priming)
        .notifying((records, committer) -> {
          for (ChangeEvent<String, String> r : records) {
            committer.markProcessed(r);
          }
          committer.markBatchFinished();
        }).using((ok, message, error) ->
            primed.completeExceptionally(new IllegalStateException("Debezium's priming run stopped: " + message,
                error))).build()) {
      executor.execute(engine);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!snapshotDone(offsets)) {
        if (primed.isCompletedExceptionally()) {
          primed.get();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Debezium's schema-only snapshot wrote no finished offset in 2 minutes");
        }
        Thread.sleep(100);
      }
    } finally {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** Whether the engine has committed an offset past its snapshot (the offsets of snapshot records say "snapshot"). */
  private static boolean snapshotDone(Path offsets) throws IOException, ClassNotFoundException {
    if (!Files.exists(offsets)) {
      return false;
    }
    for (byte[] v : readOffsets(offsets).values()) {
      if (v != null && !JSON.readTree(v).has("snapshot")) {
        return true;
      }
    }
    return false;
  }

  /** Points the offset (Kafka's FileOffsetBackingStore: a serialized map of JSON bytes) at the range's start. */
  private static void rewriteOffset(Path offsets, BinlogRange range, String gtids) throws Exception {
    Map<byte[], byte[]> raw = readOffsets(offsets);
    Map<byte[], byte[]> out = new HashMap<>();
    for (Map.Entry<byte[], byte[]> e : raw.entrySet()) {
      ObjectNode v = (ObjectNode) JSON.readTree(e.getValue());
      moveTo(v, range, gtids);
      v.remove("row");
      v.remove("event");
      out.put(e.getKey(), JSON.writeValueAsBytes(v));
    }
    try (ObjectOutputStream os = new ObjectOutputStream(Files.newOutputStream(offsets))) {
      os.writeObject(out);
    }
  }

  /**
   * Dates the schema history's records at the range's start too: Debezium replays only the records at or before its
   * offset, and the schema-only snapshot recorded the tables at the binlog's end, after the range.
   */
  private static void rewriteHistory(Path history, BinlogRange range, String gtids) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(history, StandardCharsets.UTF_8)) {
      ObjectNode record = (ObjectNode) JSON.readTree(line);
      moveTo((ObjectNode) record.get("position"), range, gtids);
      out.add(JSON.writeValueAsString(record));
    }
    Files.write(history, out, StandardCharsets.UTF_8);
  }

  private static void moveTo(ObjectNode position, BinlogRange range, String gtids) {
    position.put("file", range.startFile());
    position.put("pos", range.startOffset());
    position.put("gtids", gtids);
  }

  @SuppressWarnings("unchecked")
  private static Map<byte[], byte[]> readOffsets(Path offsets) throws IOException, ClassNotFoundException {
    if (Files.size(offsets) == 0) {
      return Map.of();
    }
    try (ObjectInputStream is = new ObjectInputStream(Files.newInputStream(offsets))) {
      return (Map<byte[], byte[]>) is.readObject();
    } catch (EOFException e) {
      return Map.of(); // the engine is writing it right now
    }
  }

  private static Properties properties(MariaDbServer server, String table, Path dir) {
    Properties p = new Properties();
    p.setProperty("name", "bench");
    String connector = System.getProperty("peer.debezium.connector", "io.debezium.connector.mariadb.MariaDbConnector");
    p.setProperty("connector.class", connector);
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
    p.setProperty("offset.storage.file.filename", dir.resolve("offsets.dat").toString());
    p.setProperty("offset.flush.interval.ms", "10000");
    p.setProperty("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
    p.setProperty("schema.history.internal.file.filename", dir.resolve("history.dat").toString());
    p.setProperty("database.hostname", server.host());
    p.setProperty("database.port", String.valueOf(server.port()));
    p.setProperty("database.user", server.replUser());
    p.setProperty("database.password", server.replPassword());
    p.setProperty("database.server.id", "9812");
    p.setProperty("database.ssl.mode", connector.contains(".mysql.") ? "disabled" : "disable");
    p.setProperty("topic.prefix", "bench");
    p.setProperty("database.include.list", PeerWorkloads.SCHEMA);
    p.setProperty("table.include.list", PeerWorkloads.SCHEMA + "." + table);
    p.setProperty("snapshot.mode", "no_data");
    // the schema of the captured table only: other databases of a shared server (tests' leftovers) stay out of it
    p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
    p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
    p.setProperty("snapshot.locking.mode", "none");
    p.setProperty("include.schema.changes", "false");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("decimal.handling.mode", "string");
    for (String c : new String[] {"converter", "key.converter", "value.converter"}) {
      p.setProperty(c + ".schemas.enable", "false");
    }
    return p;
  }
}
