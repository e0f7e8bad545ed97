package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A sync job as CREATE SYNC JOB defines it: its channels, its MySQL source and its properties. */
public final class JobDefinition {
  /**
   * The format version of a persisted definition: 2 added the INCLUDE/EXCLUDE patterns of whole-database channels
   * and schema patterns; version 1 files load unchanged.
   */
  public static final int FORMAT_VERSION = 2;

  private final String database;
  private final String name;
  private final List<ChannelSpec> channels;
  private final SourceSpec source;
  private final Map<String, String> properties;
  private final CommitPolicy commitPolicy;
  private final int formatVersion;

  private JobDefinition(Builder b) {
    if (b.database == null || b.database.isEmpty()) {
      throw new IllegalArgumentException("database is empty; write [db.]job_name or choose a default database");
    }
    if (b.name == null || b.name.isEmpty()) {
      throw new IllegalArgumentException("name is empty");
    }
    if (b.channels.isEmpty()) {
      throw new IllegalArgumentException("channels is empty; give at least one FROM mysql_db.tbl INTO doris_tbl");
    }
    this.database = b.database;
    this.name = b.name;
    this.channels = List.copyOf(b.channels);
    this.source = Objects.requireNonNull(b.source, "source");
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    this.commitPolicy = b.commitPolicy == null ? CommitPolicy.defaults() : b.commitPolicy;
    this.formatVersion = b.formatVersion;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Doris database of the job. */
  public String database() {
    return database;
  }

  /** The job name, unique within its database. */
  public String name() {
    return name;
  }

  /** {@code db.name}. */
  public String qualifiedName() {
    return database + "." + name;
  }

  /** The channels, in the order written. */
  public List<ChannelSpec> channels() {
    return channels;
  }

  /** The MySQL source. */
  public SourceSpec source() {
    return source;
  }

  /** PROPERTIES (...) as given. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The commit policy from the properties (Doris's defaults for those not given). */
  public CommitPolicy commitPolicy() {
    return commitPolicy;
  }

  /** The format version this definition was written with. */
  public int formatVersion() {
    return formatVersion;
  }

  /** A builder with this definition's values. */
  public Builder toBuilder() {
    Builder b = builder().database(database).name(name).source(source).properties(properties)
        .commitPolicy(commitPolicy);
    b.channels.addAll(channels);
    b.formatVersion = formatVersion;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JobDefinition)) {
      return false;
    }
    JobDefinition d = (JobDefinition) o;
    return database.equals(d.database) && name.equals(d.name) && channels.equals(d.channels)
        && source.equals(d.source) && properties.equals(d.properties) && commitPolicy.equals(d.commitPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(database, name, channels, source);
  }

  /** The definition with the password masked. */
  @Override
  public String toString() {
    return "JobDefinition{" + qualifiedName() + ", channels=" + channels + ", source=" + source
        + ", properties=" + properties + "}";
  }

  /** Builds a {@link JobDefinition}. */
  public static final class Builder {
    private String database;
    private String name;
    private final List<ChannelSpec> channels = new ArrayList<>();
    private SourceSpec source;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private CommitPolicy commitPolicy;
    private int formatVersion = FORMAT_VERSION;

    private Builder() {
    }

    /** The Doris database. */
    public Builder database(String database) {
      this.database = database;
      return this;
    }

    /** The job name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Adds a channel. */
    public Builder addChannel(ChannelSpec channel) {
      this.channels.add(Objects.requireNonNull(channel, "channel"));
      return this;
    }

    /** Replaces the channels. */
    public Builder channels(List<ChannelSpec> channels) {
      this.channels.clear();
      channels.forEach(this::addChannel);
      return this;
    }

    /** The MySQL source. */
    public Builder source(SourceSpec source) {
      this.source = source;
      return this;
    }

    /** PROPERTIES (...) as given. */
    public Builder properties(Map<String, String> properties) {
      this.properties.clear();
      this.properties.putAll(properties);
      return this;
    }

    /** The commit policy. */
    public Builder commitPolicy(CommitPolicy commitPolicy) {
      this.commitPolicy = commitPolicy;
      return this;
    }

    /** The definition. */
    public JobDefinition build() {
      return new JobDefinition(this);
    }
  }
}
