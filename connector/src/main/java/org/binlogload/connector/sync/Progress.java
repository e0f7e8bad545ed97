package org.binlogload.connector.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.binlogload.canal.BinlogPosition;

/**
 * The durable progress of a job, one atomic value: the committed position, the schema snapshot in force, the open
 * commit round (its intent, or its decision once every load is PRECOMMITTED), a DDL being applied, the per-table
 * {@link Floors} and a pending rewind of the binlog reader (an online copy's hand-over).
 */
public final class Progress {
  /** Format version of the stored value when some table has a floor or a rewind is pending; else 1 is written. */
  public static final int FORMAT_VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One write of a round as stored: target, the sink's key ({@code label}, the Stream Load label for Doris) and, once
   * prepared, the sink's id of what it staged ({@code txnId}, the Doris transaction); the names are the format's.
   */
  public record Load(String db, String table, String label, long txnId) {
    /** Checks the fields. */
    public Load {
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(label, "label");
    }

    /** The stored form of {@code w}. */
    public static Load of(Sink.Write w) {
      return new Load(w.db(), w.table(), w.key(), w.id());
    }

    /** The sink's write this load stores. */
    public Sink.Write write() {
      return new Sink.Write(db, table, label, txnId);
    }
  }

  /** A commit round covering the binlog up to {@code end}; {@code decided} once every load is PRECOMMITTED. */
  public record Round(BinlogPosition end, boolean decided, List<Load> loads) {
    /** Copies the loads. */
    public Round {
      Objects.requireNonNull(end, "end");
      loads = List.copyOf(loads);
    }
  }

  /**
   * A DDL at {@code position} whose first {@code done} steps (Doris statements) were applied, and the index of the step
   * sent to the target whose answer is not recorded yet ({@code attempting}, -1 for none).
   */
  public record DdlProgress(BinlogPosition position, int done, int attempting) {}

  private final BinlogPosition committed;
  private final long schemaVersion;
  private final Round round;
  private final DdlProgress ddl;
  private final Floors floors;
  private final BinlogPosition rewind;

  private Progress(BinlogPosition committed, long schemaVersion, Round round, DdlProgress ddl, Floors floors,
      BinlogPosition rewind) {
    this.committed = committed;
    this.schemaVersion = schemaVersion;
    this.round = round;
    this.ddl = ddl;
    this.floors = floors;
    this.rewind = rewind;
  }

  /** The progress of a job that has committed nothing. */
  public static Progress initial() {
    return new Progress(null, 0, null, null, Floors.NONE, null);
  }

  /** The per-table floors (events of a table at or below its floor are skipped). */
  public Floors floors() {
    return floors;
  }

  /** Where the binlog reader must restart before it reads again (an online copy's hand-over), or null. */
  public BinlogPosition rewind() {
    return rewind;
  }

  /** The last position whose rows are all committed in Doris, or null. */
  public BinlogPosition committed() {
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

  Progress withCommitted(BinlogPosition p) {
    return new Progress(p, schemaVersion, null, ddl, floors.passed(p), rewind);
  }

  Progress withRound(Round r) {
    return new Progress(committed, schemaVersion, r, ddl, floors, rewind);
  }

  Progress withDdl(DdlProgress d) {
    return new Progress(committed, schemaVersion, round, d, floors, rewind);
  }

  Progress withSchema(long version, BinlogPosition p) {
    return new Progress(p, version, null, null, floors.passed(p), rewind);
  }

  Progress withFloors(Floors f) {
    return new Progress(committed, schemaVersion, round, ddl, f, rewind);
  }

  /**
   * The hand-over of an online copy of {@code table} consistent as of {@code watermark} (a transaction boundary), in
   * one write. When the stream has committed past the watermark: committed moves back to just before it, every other
   * table's floor is the committed position, and the reader must rewind to the watermark. Otherwise the reader has not
   * reached it yet: the table's floor is just before the watermark and the reader reads on. Needs no open round.
   */
  Progress rewound(String table, BinlogPosition watermark) {
    if (round != null) {
      throw new IllegalStateException("an online copy hands over with a round open: " + round);
    }
    BinlogPosition below = BinlogPosition.of(watermark.file(), watermark.offset() - 1);
    if (committed == null || !committed.isAfter(below)) {
      return new Progress(committed, schemaVersion, null, ddl, floors.copied(table, below, null), rewind);
    }
    BinlogPosition to = rewind != null && rewind.compareTo(watermark) < 0 ? rewind : watermark;
    return new Progress(below, schemaVersion, null, ddl, floors.copied(table, below, committed), to);
  }

  /** Every one of {@code tables} copied again and the reader restarted at {@code p} (a purged binlog). */
  Progress copyingAll(java.util.Collection<String> tables, BinlogPosition p) {
    Floors f = floors;
    for (String t : tables) {
      f = f.copying().contains(t) ? f : f.copying(t);
    }
    return new Progress(committed, schemaVersion, null, ddl, f, p);
  }

  Progress withRewind(BinlogPosition p) {
    return new Progress(committed, schemaVersion, round, ddl, floors, p);
  }

  /** This progress once the reader was rewound. */
  Progress withoutRewind() {
    return new Progress(committed, schemaVersion, round, ddl, floors, null);
  }

  /** The stored value, field for field; absent fields read as the defaults {@link #fromBytes} names. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"formatVersion", "committed", "gtid", "eventTime", "schemaVersion", "round", "ddl", "floors",
      "copying", "othersFloor", "rewind"})
  private record ProgressFile(Integer formatVersion, String committed, String gtid, Long eventTime,
      Long schemaVersion, RoundFile round, DdlFile ddl, Map<String, String> floors,
      List<String> copying, String othersFloor, String rewind) {}

  @JsonPropertyOrder({"end", "decided", "loads"})
  private record RoundFile(String end, Boolean decided, List<LoadFile> loads) {}

  @JsonPropertyOrder({"db", "table", "label", "txnId"})
  private record LoadFile(String db, String table, String label, Long txnId) {}

  @JsonPropertyOrder({"position", "done", "attempting"})
  private record DdlFile(String position, Integer done, Integer attempting) {}

  byte[] toBytes() {
    RoundFile r = null;
    if (round != null) {
      List<LoadFile> loads = new ArrayList<>();
      for (Load l : round.loads()) {
        loads.add(new LoadFile(l.db(), l.table(), l.label(), l.txnId()));
      }
      r = new RoundFile(round.end().toString(), round.decided(), loads);
    }
    DdlFile d = ddl == null ? null : new DdlFile(ddl.position().toString(), ddl.done(), ddl.attempting());
    boolean v2 = !floors.isEmpty() || rewind != null;
    Map<String, String> at = null;
    if (!floors.at().isEmpty()) {
      at = new TreeMap<>();
      for (Map.Entry<String, BinlogPosition> e : floors.at().entrySet()) {
        at.put(e.getKey(), e.getValue().toString());
      }
    }
    ProgressFile f = new ProgressFile(v2 ? FORMAT_VERSION : 1, committed == null ? null : committed.toString(),
        committed == null ? null : committed.gtidSet(), committed == null ? null : committed.timestampMillis(),
        schemaVersion, r, d, at, floors.copying().isEmpty() ? null : new TreeSet<>(floors.copying())
        .stream().toList(), floors.others() == null ? null : floors.others().toString(),
        rewind == null ? null : rewind.toString());
    try {
      return JSON.writeValueAsBytes(f);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode progress", e);
    }
  }

  /**
   * Reads {@link #toBytes()}: a missing {@code eventTime}, {@code schemaVersion} or {@code done} reads as 0, a missing
   * {@code decided} as false, a missing {@code txnId} or {@code attempting} as -1.
   */
  static Progress fromBytes(byte[] bytes) {
    ProgressFile f;
    try {
      f = JSON.readValue(bytes, ProgressFile.class);
    } catch (IOException e) {
      throw new IllegalStateException("stored progress is not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
    int v = f.formatVersion() == null ? -1 : f.formatVersion();
    if (v != 1 && v != FORMAT_VERSION) {
      throw new IllegalStateException("stored progress has formatVersion " + v + "; this version reads 1 and "
          + FORMAT_VERSION);
    }
    BinlogPosition committed = null;
    if (f.committed() != null) {
      committed = BinlogPosition.parse(f.committed()).withTimestamp(f.eventTime() == null ? 0 : f.eventTime());
      if (f.gtid() != null) {
        committed = committed.withGtidSet(f.gtid());
      }
    }
    DdlFile d = f.ddl();
    DdlProgress ddl = d == null ? null : new DdlProgress(BinlogPosition.parse(d.position()),
        d.done() == null ? 0 : d.done(), d.attempting() == null ? -1 : d.attempting());
    return new Progress(committed, f.schemaVersion() == null ? 0 : f.schemaVersion(), round(f.round()), ddl,
        floors(f), f.rewind() == null ? null : BinlogPosition.parse(f.rewind()));
  }

  private static Floors floors(ProgressFile f) {
    Map<String, BinlogPosition> at = new LinkedHashMap<>();
    if (f.floors() != null) {
      f.floors().forEach((t, p) -> at.put(t, BinlogPosition.parse(p)));
    }
    return Floors.of(at, f.copying() == null ? Set.of() : new LinkedHashSet<>(f.copying()),
        f.othersFloor() == null ? null : BinlogPosition.parse(f.othersFloor()));
  }

  private static Round round(RoundFile r) {
    if (r == null) {
      return null;
    }
    List<Load> loads = new ArrayList<>();
    for (LoadFile l : r.loads() == null ? List.<LoadFile>of() : r.loads()) {
      loads.add(new Load(l.db(), l.table(), l.label(), l.txnId() == null ? -1 : l.txnId()));
    }
    return new Round(BinlogPosition.parse(r.end()), r.decided() != null && r.decided(), loads);
  }

  @Override
  public String toString() {
    return new String(toBytes(), StandardCharsets.UTF_8);
  }
}
