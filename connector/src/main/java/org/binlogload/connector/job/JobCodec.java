package org.binlogload.connector.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes persisted job definitions and records as JSON carrying a format version: the records below are
 * the files, field for field, bound by Jackson; a field missing from a file takes the default the reader names.
 */
final class JobCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** {@code jobs/<id>/definition}. */
  @JsonPropertyOrder({"formatVersion", "id", "database", "name", "channels", "source", "properties"})
  record DefinitionFile(Integer formatVersion, Long id, String database, String name, List<ChannelFile> channels,
      SourceFile source, Map<String, String> properties) {}

  /**
   * One channel of a definition; {@code targetTable} is absent for a whole database, {@code include} and
   * {@code exclude} (format 2) when it takes every table.
   */
  @JsonPropertyOrder({"sourceSchema", "sourceTable", "targetDatabase", "targetTable", "columns", "include", "exclude"})
  record ChannelFile(String sourceSchema, String sourceTable, String targetDatabase,
      @JsonInclude(JsonInclude.Include.NON_NULL) String targetTable, List<String> columns,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PatternFile> include,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PatternFile> exclude) {}

  /** One INCLUDE or EXCLUDE pattern: a name or glob, or a regular expression. */
  @JsonPropertyOrder({"glob", "regexp"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PatternFile(String glob, String regexp) {}

  /** The MySQL source of a definition; {@code serverId} is absent when the job has none of its own. */
  @JsonPropertyOrder({"host", "port", "user", "password", "serverId", "startPosition"})
  record SourceFile(String host, int port, String user, String password,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long serverId, String startPosition) {}

  /** {@code jobs/<id>/record}. */
  @JsonPropertyOrder({"formatVersion", "state", "msg", "createTime", "lastStartTime", "lastStopTime", "finishTime"})
  record RecordFile(Integer formatVersion, String state, String msg, long createTime, Long lastStartTime,
      Long lastStopTime, Long finishTime) {}

  /** The job id counter. */
  @JsonPropertyOrder({"formatVersion", "nextJobId"})
  record CounterFile(int formatVersion, Long nextJobId) {}

  private JobCodec() {
  }

  static byte[] writeDefinition(long id, JobDefinition d) {
    List<ChannelFile> channels = new ArrayList<>();
    for (ChannelSpec c : d.channels()) {
      channels.add(new ChannelFile(c.sourceSchema(), c.sourceTable(), c.targetDatabase(), c.targetTable(),
          c.columns(), patterns(c.filter().include()), patterns(c.filter().exclude())));
    }
    SourceSpec s = d.source();
    Long serverId = s.serverId().isPresent() ? s.serverId().getAsLong() : null;
    return bytes(new DefinitionFile(JobDefinition.FORMAT_VERSION, id, d.database(), d.name(), channels,
        new SourceFile(s.host(), s.port(), s.user(), s.password(), serverId, s.startPosition()), d.properties()));
  }

  static JobDefinition readDefinition(String key, byte[] bytes) {
    DefinitionFile f = read(key, bytes, DefinitionFile.class);
    checkVersion(key, f.formatVersion(), JobDefinition.FORMAT_VERSION);
    JobDefinition.Builder b = JobDefinition.builder().database(required(f.database(), "database", key))
        .name(required(f.name(), "name", key));
    for (ChannelFile c : orEmpty(f.channels())) {
      b.addChannel(channel(key, c));
    }
    SourceFile s = f.source() == null ? new SourceFile(null, 0, null, null, null, null) : f.source();
    SourceSpec.Builder sb = SourceSpec.builder().host(required(s.host(), "host", key)).port(s.port())
        .user(required(s.user(), "user", key)).password(s.password() == null ? "" : s.password())
        .startPosition(required(s.startPosition(), "startPosition", key));
    if (s.serverId() != null) {
      sb.serverId(s.serverId());
    }
    b.source(sb.build());
    Map<String, String> props = f.properties() == null ? Map.of() : new LinkedHashMap<>(f.properties());
    b.properties(props).commitPolicy(CommitPolicy.fromProperties(props));
    return b.build();
  }

  private static List<PatternFile> patterns(List<NamePattern> patterns) {
    List<PatternFile> out = new ArrayList<>();
    for (NamePattern p : patterns) {
      out.add(p.isRegexp() ? new PatternFile(null, p.text()) : new PatternFile(p.text(), null));
    }
    return out;
  }

  private static List<NamePattern> patterns(String key, List<PatternFile> files) {
    List<NamePattern> out = new ArrayList<>();
    for (PatternFile f : orEmpty(files)) {
      if ((f.glob() == null) == (f.regexp() == null)) {
        throw new IllegalStateException(key + " has a table pattern with " + (f.glob() == null ? "neither" : "both")
            + " of glob and regexp");
      }
      out.add(f.glob() != null ? NamePattern.glob(f.glob()) : NamePattern.regexp(f.regexp()));
    }
    return out;
  }

  private static ChannelSpec channel(String key, ChannelFile c) {
    if (ChannelSpec.ALL_TABLES.equals(c.sourceTable())) {
      return ChannelSpec.wholeDatabase(required(c.sourceSchema(), "sourceSchema", key),
          required(c.targetDatabase(), "targetDatabase", key),
          TableFilter.of(patterns(key, c.include()), patterns(key, c.exclude())));
    }
    return ChannelSpec.table(required(c.sourceSchema(), "sourceSchema", key),
        required(c.sourceTable(), "sourceTable", key), required(c.targetDatabase(), "targetDatabase", key),
        required(c.targetTable(), "targetTable", key), orEmpty(c.columns()));
  }

  static long readId(String key, byte[] bytes) {
    Long id = read(key, bytes, DefinitionFile.class).id();
    return id == null ? -1 : id;
  }

  static byte[] writeRecord(JobRecord r) {
    return bytes(new RecordFile(JobRecord.FORMAT_VERSION, r.state().name(), r.message(), r.createTime(),
        r.lastStartTime(), r.lastStopTime(), r.finishTime()));
  }

  static JobRecord readRecord(String key, byte[] bytes) {
    RecordFile f = read(key, bytes, RecordFile.class);
    checkVersion(key, f.formatVersion(), JobRecord.FORMAT_VERSION);
    return JobRecord.of(JobState.valueOf(required(f.state(), "state", key)), f.msg() == null ? "" : f.msg(),
        f.createTime(), orNone(f.lastStartTime()), orNone(f.lastStopTime()), orNone(f.finishTime()));
  }

  static byte[] writeCounter(long next) {
    return bytes(new CounterFile(1, next));
  }

  static long readCounter(String key, byte[] bytes) {
    Long next = read(key, bytes, CounterFile.class).nextJobId();
    return next == null ? 1 : next;
  }

  private static void checkVersion(String key, Integer formatVersion, int newest) {
    int version = formatVersion == null ? 0 : formatVersion;
    if (version < 1 || version > newest) {
      throw new IllegalStateException(key + " has format version " + version + "; this build reads 1.."
          + newest + ": use a newer binlog-load");
    }
  }

  private static String required(String value, String field, String key) {
    if (value == null) {
      throw new IllegalStateException(key + " misses field " + field);
    }
    return value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static long orNone(Long time) {
    return time == null ? JobRecord.NONE : time;
  }

  private static <T> T read(String key, byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalStateException(key + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(Object file) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode JSON", e);
    }
  }
}
