package org.binlogload.connector.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;

/**
 * A job's schema snapshot as stored ({@code sync/schema/<n>}, {@code formatVersion} 1): its bindings, the tables
 * left out with their reasons, the planner's tracked definitions (opaque bytes) and where the job first read its
 * definitions. {@code notSynced} and {@code definitionsAt} are optional: snapshots written before them lack them.
 */
record SchemaSnapshot(Bindings bindings, Map<String, String> notSynced, byte[] planner, BinlogPosition definitionsAt) {
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"formatVersion", "tables", "databases", "notSynced", "planner", "definitionsAt"})
  private record SnapshotFile(Integer formatVersion, LinkedHashMap<String, String> tables,
      LinkedHashMap<String, String> databases, LinkedHashMap<String, String> notSynced, String planner,
      String definitionsAt) {}

  byte[] toBytes() {
    SnapshotFile f = new SnapshotFile(FORMAT_VERSION, new LinkedHashMap<>(bindings.tables()),
        new LinkedHashMap<>(bindings.databases()), new LinkedHashMap<>(notSynced),
        Base64.getEncoder().encodeToString(planner), definitionsAt == null ? null : definitionsAt.toString());
    try {
      return JSON.writeValueAsBytes(f);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode schema snapshot", e);
    }
  }

  /** Reads {@link #toBytes()}; {@code job} names the job in errors. */
  static SchemaSnapshot fromBytes(byte[] bytes, String job) {
    SnapshotFile f;
    try {
      f = JSON.readValue(bytes, SnapshotFile.class);
    } catch (IOException e) {
      throw new IllegalStateException("job " + job + ": schema snapshot is not JSON", e);
    }
    if (f.formatVersion() == null || f.formatVersion() != FORMAT_VERSION) {
      throw new IllegalStateException("job " + job + ": schema snapshot has formatVersion "
          + (f.formatVersion() == null ? "" : f.formatVersion()) + "; this version reads " + FORMAT_VERSION);
    }
    return new SchemaSnapshot(new Bindings(orEmpty(f.tables()), orEmpty(f.databases())), orEmpty(f.notSynced()),
        Base64.getDecoder().decode(f.planner() == null ? "" : f.planner()),
        f.definitionsAt() == null ? null : BinlogPosition.parse(f.definitionsAt()));
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? new LinkedHashMap<>() : m;
  }
}
