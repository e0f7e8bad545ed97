package org.binlogload.connector.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes persisted job definitions and records as JSON carrying a format version. */
final class JobCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JobCodec() {
  }

  static byte[] writeDefinition(long id, JobDefinition d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("formatVersion", JobDefinition.FORMAT_VERSION);
    n.put("id", id);
    n.put("database", d.database());
    n.put("name", d.name());
    ArrayNode channels = n.putArray("channels");
    for (ChannelSpec c : d.channels()) {
      ObjectNode cn = channels.addObject();
      cn.put("sourceSchema", c.sourceSchema());
      cn.put("sourceTable", c.sourceTable());
      cn.put("targetDatabase", c.targetDatabase());
      if (c.targetTable() != null) {
        cn.put("targetTable", c.targetTable());
      }
      ArrayNode cols = cn.putArray("columns");
      c.columns().forEach(cols::add);
    }
    SourceSpec s = d.source();
    ObjectNode sn = n.putObject("source");
    sn.put("host", s.host());
    sn.put("port", s.port());
    sn.put("user", s.user());
    sn.put("password", s.password());
    if (s.serverId().isPresent()) {
      sn.put("serverId", s.serverId().getAsLong());
    }
    sn.put("startPosition", s.startPosition());
    ObjectNode pn = n.putObject("properties");
    d.properties().forEach(pn::put);
    return bytes(n);
  }

  static JobDefinition readDefinition(String key, byte[] bytes) {
    JsonNode n = tree(key, bytes);
    int version = n.path("formatVersion").asInt(0);
    if (version < 1 || version > JobDefinition.FORMAT_VERSION) {
      throw new IllegalStateException(key + " has format version " + version + "; this build reads 1.."
          + JobDefinition.FORMAT_VERSION + ": use a newer binlog-load");
    }
    JobDefinition.Builder b = JobDefinition.builder().database(text(n, "database", key)).name(text(n, "name", key));
    for (JsonNode c : n.path("channels")) {
      List<String> cols = new ArrayList<>();
      c.path("columns").forEach(x -> cols.add(x.asText()));
      if (ChannelSpec.ALL_TABLES.equals(c.path("sourceTable").asText())) {
        b.addChannel(ChannelSpec.wholeDatabase(text(c, "sourceSchema", key), text(c, "targetDatabase", key)));
      } else {
        b.addChannel(ChannelSpec.table(text(c, "sourceSchema", key), text(c, "sourceTable", key),
            text(c, "targetDatabase", key), text(c, "targetTable", key), cols));
      }
    }
    JsonNode s = n.path("source");
    SourceSpec.Builder sb = SourceSpec.builder().host(text(s, "host", key)).port(s.path("port").asInt())
        .user(text(s, "user", key)).password(s.path("password").asText("")).startPosition(
            text(s, "startPosition", key));
    if (s.hasNonNull("serverId")) {
      sb.serverId(s.path("serverId").asLong());
    }
    b.source(sb.build());
    Map<String, String> props = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      props.put(e.getKey(), e.getValue().asText());
    }
    b.properties(props).commitPolicy(CommitPolicy.fromProperties(props));
    return b.build();
  }

  static long readId(String key, byte[] bytes) {
    return tree(key, bytes).path("id").asLong(-1);
  }

  static byte[] writeRecord(JobRecord r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("formatVersion", JobRecord.FORMAT_VERSION);
    n.put("state", r.state().name());
    n.put("msg", r.message());
    n.put("createTime", r.createTime());
    n.put("lastStartTime", r.lastStartTime());
    n.put("lastStopTime", r.lastStopTime());
    n.put("finishTime", r.finishTime());
    return bytes(n);
  }

  static JobRecord readRecord(String key, byte[] bytes) {
    JsonNode n = tree(key, bytes);
    int version = n.path("formatVersion").asInt(0);
    if (version < 1 || version > JobRecord.FORMAT_VERSION) {
      throw new IllegalStateException(key + " has format version " + version + "; this build reads 1.."
          + JobRecord.FORMAT_VERSION + ": use a newer binlog-load");
    }
    return JobRecord.of(JobState.valueOf(text(n, "state", key)), n.path("msg").asText(""),
        n.path("createTime").asLong(), n.path("lastStartTime").asLong(JobRecord.NONE),
        n.path("lastStopTime").asLong(JobRecord.NONE), n.path("finishTime").asLong(JobRecord.NONE));
  }

  static byte[] writeCounter(long next) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("formatVersion", 1);
    n.put("nextJobId", next);
    return bytes(n);
  }

  static long readCounter(String key, byte[] bytes) {
    return tree(key, bytes).path("nextJobId").asLong(1);
  }

  private static String text(JsonNode n, String field, String key) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalStateException(key + " misses field " + field);
    }
    return v.asText();
  }

  private static JsonNode tree(String key, byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(key + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode JSON", e);
    }
  }
}
