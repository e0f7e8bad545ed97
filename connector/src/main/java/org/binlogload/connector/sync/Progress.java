package org.binlogload.connector.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The durable progress of a job, one atomic value: the committed position, the schema snapshot in force, the open
 * commit round (its intent, or its decision once every load is PRECOMMITTED) and a DDL being applied.
 */
public final class Progress {
  /** Format version of the stored value. */
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One load of a round: target, label and (once prepared) the Doris transaction id. */
  public record Load(String db, String table, String label, long txnId) {
    /** Checks the fields. */
    public Load {
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(label, "label");
    }
  }

  /** A commit round covering the binlog up to {@code end}; {@code decided} once every load is PRECOMMITTED. */
  public record Round(Position end, boolean decided, List<Load> loads) {
    /** Copies the loads. */
    public Round {
      Objects.requireNonNull(end, "end");
      loads = List.copyOf(loads);
    }
  }

  /**
   * A DDL at {@code position} whose first {@code done} Doris statements were applied, and the index of the statement
   * sent to Doris whose answer is not recorded yet ({@code attempting}, -1 for none).
   */
  public record DdlProgress(Position position, int done, int attempting) {}

  private final Position committed;
  private final long schemaVersion;
  private final Round round;
  private final DdlProgress ddl;

  private Progress(Position committed, long schemaVersion, Round round, DdlProgress ddl) {
    this.committed = committed;
    this.schemaVersion = schemaVersion;
    this.round = round;
    this.ddl = ddl;
  }

  /** The progress of a job that has committed nothing. */
  public static Progress initial() {
    return new Progress(null, 0, null, null);
  }

  /** The last position whose rows are all committed in Doris, or null. */
  public Position committed() {
    return committed;
  }

  /** The schema snapshot in force (0: none yet). */
  public long schemaVersion() {
    return schemaVersion;
  }

  /** The open round, or null. */
  public Round round() {
    return round;
  }

  /** The DDL being applied, or null. */
  public DdlProgress ddl() {
    return ddl;
  }

  Progress withCommitted(Position p) {
    return new Progress(p, schemaVersion, null, ddl);
  }

  Progress withRound(Round r) {
    return new Progress(committed, schemaVersion, r, ddl);
  }

  Progress withDdl(DdlProgress d) {
    return new Progress(committed, schemaVersion, round, d);
  }

  Progress withSchema(long version, Position p) {
    return new Progress(p, version, null, null);
  }

  byte[] toBytes() {
    ObjectNode n = JSON.createObjectNode();
    n.put("formatVersion", FORMAT_VERSION);
    if (committed != null) {
      n.put("committed", committed.toString());
      if (committed.gtid() != null) {
        n.put("gtid", committed.gtid());
      }
      n.put("eventTime", committed.timestampMillis());
    }
    n.put("schemaVersion", schemaVersion);
    if (round != null) {
      ObjectNode r = n.putObject("round");
      r.put("end", round.end().toString());
      r.put("decided", round.decided());
      ArrayNode a = r.putArray("loads");
      for (Load l : round.loads()) {
        a.addObject().put("db", l.db()).put("table", l.table()).put("label", l.label()).put("txnId", l.txnId());
      }
    }
    if (ddl != null) {
      n.putObject("ddl").put("position", ddl.position().toString()).put("done", ddl.done())
          .put("attempting", ddl.attempting());
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode progress", e);
    }
  }

  static Progress fromBytes(byte[] bytes) {
    JsonNode n;
    try {
      n = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("stored progress is not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
    int v = n.path("formatVersion").asInt(-1);
    if (v != FORMAT_VERSION) {
      throw new IllegalStateException("stored progress has formatVersion " + v + "; this version reads "
          + FORMAT_VERSION);
    }
    Position committed = null;
    if (n.hasNonNull("committed")) {
      committed = Position.parse(n.get("committed").asText()).withTimestamp(n.path("eventTime").asLong(0));
      if (n.hasNonNull("gtid")) {
        committed = committed.withGtid(n.get("gtid").asText());
      }
    }
    Round round = null;
    if (n.hasNonNull("round")) {
      JsonNode r = n.get("round");
      List<Load> loads = new ArrayList<>();
      for (JsonNode l : r.path("loads")) {
        loads.add(new Load(l.get("db").asText(), l.get("table").asText(), l.get("label").asText(),
            l.path("txnId").asLong(-1)));
      }
      round = new Round(Position.parse(r.get("end").asText()), r.path("decided").asBoolean(false), loads);
    }
    DdlProgress ddl = null;
    if (n.hasNonNull("ddl")) {
      JsonNode d = n.get("ddl");
      ddl = new DdlProgress(Position.parse(d.get("position").asText()), d.path("done").asInt(),
          d.path("attempting").asInt(-1));
    }
    return new Progress(committed, n.path("schemaVersion").asLong(0), round, ddl);
  }

  @Override
  public String toString() {
    return new String(toBytes(), StandardCharsets.UTF_8);
  }
}
