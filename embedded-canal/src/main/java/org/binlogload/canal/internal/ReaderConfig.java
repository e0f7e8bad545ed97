package org.binlogload.canal.internal;

import java.time.Duration;
import java.util.List;
import org.binlogload.canal.DurableStore;
import org.binlogload.canal.StartPosition;

/** Everything the reader needs, validated by {@code EmbeddedCanal.Builder}; {@link #toString()} hides the password. */
public record ReaderConfig(
    String name,
    String host,
    int port,
    String user,
    String password,
    long serverId,
    List<String> include,
    StartPosition startPosition,
    DurableStore store,
    int ringEntries,
    long ringBytes,
    Duration connectTimeout,
    Duration readTimeout,
    Duration maxReconnectBackoff,
    TableMetaFactory tableMetaFactory,
    boolean parallelParsing) {

  /** A configuration that parses serially. */
  public ReaderConfig(String name, String host, int port, String user, String password, long serverId,
      List<String> include, StartPosition startPosition, DurableStore store, int ringEntries, long ringBytes,
      Duration connectTimeout, Duration readTimeout, Duration maxReconnectBackoff, TableMetaFactory tableMetaFactory) {
    this(name, host, port, user, password, serverId, include, startPosition, store, ringEntries, ringBytes,
        connectTimeout, readTimeout, maxReconnectBackoff, tableMetaFactory, false);
  }

  /** {@code user@host:port}, as error messages name the connection. */
  public String address() {
    return user + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return "ReaderConfig[name=" + name + ", " + address() + ", serverId=" + serverId + ", include=" + include
        + ", start=" + startPosition + ", store=" + store + ", ringEntries=" + ringEntries + ", ringBytes=" + ringBytes
        + (parallelParsing ? ", parallelParsing" : "") + "]";
  }
}
