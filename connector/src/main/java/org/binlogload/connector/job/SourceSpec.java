package org.binlogload.connector.job;

import java.util.Objects;
import java.util.OptionalLong;

/** Where a job reads its binlog: the MySQL server, its credentials, the replica server id and the start position. */
public final class SourceSpec {
  /** Start from the server's current binlog position. */
  public static final String LATEST = "latest";
  /** Start from the oldest binlog file the server still has. */
  public static final String EARLIEST = "earliest";
  /** Copy every bound table first (the initial snapshot), then follow the binlog from the snapshot's watermark. */
  public static final String INITIAL = "initial";
  /** Copy every bound table and end (CANCELLED, Doris's final state) once the copy is done: no binlog. */
  public static final String SNAPSHOT_ONLY = "snapshot";

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final OptionalLong serverId;
  private final String startPosition;

  private SourceSpec(Builder b) {
    if (b.host == null || b.host.isEmpty()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (b.port < 1 || b.port > 65535) {
      throw new IllegalArgumentException("port " + b.port + " is out of range 1..65535");
    }
    if (b.user == null || b.user.isEmpty()) {
      throw new IllegalArgumentException("user is empty");
    }
    this.host = b.host;
    this.port = b.port;
    this.user = b.user;
    this.password = b.password == null ? "" : b.password;
    this.serverId = b.serverId;
    this.startPosition = b.startPosition == null ? LATEST : b.startPosition;
  }

  /** A new builder; port defaults to 3306, start position to {@code latest}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The MySQL host. */
  public String host() {
    return host;
  }

  /** The MySQL port. */
  public int port() {
    return port;
  }

  /** The MySQL user. */
  public String user() {
    return user;
  }

  /** The MySQL password; never print it. */
  public String password() {
    return password;
  }

  /** The replica server id this job uses, if given. */
  public OptionalLong serverId() {
    return serverId;
  }

  /** {@code initial}, {@code snapshot}, {@code latest}, {@code earliest}, {@code <file>:<pos>} or a GTID set. */
  public String startPosition() {
    return startPosition;
  }

  /** Whether the job copies its tables first ({@code initial}, {@code snapshot}). */
  public boolean snapshots() {
    return INITIAL.equals(startPosition) || SNAPSHOT_ONLY.equals(startPosition);
  }

  /** Whether the job only copies its tables and ends ({@code snapshot}). */
  public boolean snapshotOnly() {
    return SNAPSHOT_ONLY.equals(startPosition);
  }

  /** {@code user@host:port}, safe to print. */
  public String address() {
    return user + "@" + host + ":" + port;
  }

  /** A builder with this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder().host(host).port(port).user(user).password(password).startPosition(startPosition);
    b.serverId = serverId;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SourceSpec)) {
      return false;
    }
    SourceSpec s = (SourceSpec) o;
    return host.equals(s.host) && port == s.port && user.equals(s.user) && password.equals(s.password)
        && serverId.equals(s.serverId) && startPosition.equals(s.startPosition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, user, serverId, startPosition);
  }

  /** The spec with the password masked. */
  @Override
  public String toString() {
    return "SourceSpec{" + address() + ", password=******"
        + (serverId.isPresent() ? ", serverId=" + serverId.getAsLong() : "")
        + ", startPosition=" + startPosition + "}";
  }

  /** Builds a {@link SourceSpec}. */
  public static final class Builder {
    private String host;
    private int port = 3306;
    private String user;
    private String password;
    private OptionalLong serverId = OptionalLong.empty();
    private String startPosition;

    private Builder() {
    }

    /** The MySQL host. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The MySQL port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The MySQL user. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The MySQL password. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The replica server id. */
    public Builder serverId(long serverId) {
      this.serverId = OptionalLong.of(serverId);
      return this;
    }

    /** {@code latest}, {@code earliest}, {@code <file>:<pos>} or a GTID set. */
    public Builder startPosition(String startPosition) {
      this.startPosition = startPosition;
      return this;
    }

    /** The spec. */
    public SourceSpec build() {
      return new SourceSpec(this);
    }
  }
}
