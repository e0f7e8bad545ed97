package org.binlogload.connector.doris;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Where and how to reach Doris: FE HTTP addresses (failover in order), credentials, timeouts and retries. */
public final class DorisConfig {
  /**
   * Doris's hidden sequence column of a table created with {@code function_column.sequence_type}, as the
   * ddl-translator renders tables ({@code org.binlogload.ddl.DorisRenderer.HIDDEN_SEQUENCE_COLUMN}).
   */
  public static final String HIDDEN_SEQUENCE_COLUMN = org.binlogload.ddl.DorisRenderer.HIDDEN_SEQUENCE_COLUMN;
  /** Doris's hidden delete-sign column of a UNIQUE KEY table. */
  public static final String DELETE_SIGN_COLUMN = "__DORIS_DELETE_SIGN__";

  /**
   * The JSON field that carries a row's sequence into a table with a hidden sequence column: Doris fills the hidden
   * column only through {@code function_column.sequence_col}, which must name a source column listed in
   * {@code columns} (FE {@code StreamLoadPlanner}: "need to specify the sequence column"; docs "sequence-column").
   */
  public static final String SEQUENCE_SOURCE_FIELD = "__binlog_load_seq";

  private final List<String> feAddresses;
  private final String user;
  private final String password;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration loadTimeout;
  private final RetryPolicy retryPolicy;
  private final String sequenceColumn;
  private final BinaryEncoding binaryEncoding;

  private DorisConfig(Builder b) {
    if (b.feAddresses.isEmpty()) {
      throw new IllegalArgumentException("feAddresses is empty; give at least one FE host:http_port");
    }
    for (String a : b.feAddresses) {
      checkAddress(a);
    }
    this.feAddresses = List.copyOf(b.feAddresses);
    this.user = Objects.requireNonNull(b.user, "user");
    this.password = b.password == null ? "" : b.password;
    this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
    this.readTimeout = positive(b.readTimeout, "readTimeout");
    this.loadTimeout = positive(b.loadTimeout, "loadTimeout");
    if (loadTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("loadTimeout < 1s");
    }
    this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    this.sequenceColumn = b.sequenceColumn == null || b.sequenceColumn.isEmpty() ? null : b.sequenceColumn;
    this.binaryEncoding = Objects.requireNonNull(b.binaryEncoding, "binaryEncoding");
  }

  private static void checkAddress(String a) {
    int colon = a == null ? -1 : a.lastIndexOf(':');
    if (colon <= 0 || colon == a.length() - 1) {
      throw new IllegalArgumentException("FE address '" + a + "' is not host:http_port");
    }
    try {
      int port = Integer.parseInt(a.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("FE address '" + a + "' has port out of range");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("FE address '" + a + "' is not host:http_port", e);
    }
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " <= 0");
    }
    return d;
  }

  /** A new builder with defaults: connect 5 s, read 60 s, load 600 s, {@link RetryPolicy#defaults()}, hidden sequence column, hex binaries. */
  public static Builder builder() {
    return new Builder();
  }

  /** FE HTTP addresses ({@code host:http_port}), tried in order on connection failure. */
  public List<String> feAddresses() {
    return feAddresses;
  }

  /** The Doris user. */
  public String user() {
    return user;
  }

  /** The Doris password; never printed by this class. */
  public String password() {
    return password;
  }

  /** TCP connect timeout per HTTP request. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time allowed for a response to a 2PC or SQL request. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** The Stream Load {@code timeout} header; the client waits this plus the read timeout for a load's answer. */
  public Duration loadTimeout() {
    return loadTimeout;
  }

  /** Retries of retryable errors. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * {@link #HIDDEN_SEQUENCE_COLUMN} (default): each row's {@link org.binlogload.connector.load.LoadRow#sequence()} is
   * loaded into it; a column name:
   * the table orders by that ordinary column ({@code function_column.sequence_col}) and rows carry it themselves;
   * null: the table has no sequence column.
   */
  public String sequenceColumn() {
    return sequenceColumn;
  }

  /** How byte arrays are encoded into JSON strings. */
  public BinaryEncoding binaryEncoding() {
    return binaryEncoding;
  }

  /** A builder pre-filled from this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.feAddresses.addAll(feAddresses);
    b.user = user;
    b.password = password;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.loadTimeout = loadTimeout;
    b.retryPolicy = retryPolicy;
    b.sequenceColumn = sequenceColumn;
    b.binaryEncoding = binaryEncoding;
    return b;
  }

  @Override
  public String toString() {
    return "DorisConfig{feAddresses=" + feAddresses + ", user=" + user + ", password=***"
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", loadTimeout=" + loadTimeout
        + ", retryPolicy=" + retryPolicy + ", sequenceColumn=" + sequenceColumn + ", binaryEncoding=" + binaryEncoding + "}";
  }

  /** Builds a {@link DorisConfig}. */
  public static final class Builder {
    private final List<String> feAddresses = new ArrayList<>();
    private String user;
    private String password = "";
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration loadTimeout = Duration.ofSeconds(600);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private String sequenceColumn = HIDDEN_SEQUENCE_COLUMN;
    private BinaryEncoding binaryEncoding = BinaryEncoding.HEX;

    private Builder() {}

    /** Replaces the FE addresses with {@code addresses} ({@code host:http_port} each). */
    public Builder feAddresses(List<String> addresses) {
      feAddresses.clear();
      for (String a : addresses) {
        feAddress(a);
      }
      return this;
    }

    /** Parses a comma-separated {@code host:port} list, as in {@code DORIS_FE_HTTP}. */
    public Builder feAddresses(String commaSeparated) {
      feAddresses.clear();
      for (String a : commaSeparated.split(",")) {
        if (!a.isBlank()) {
          feAddress(a.trim());
        }
      }
      return this;
    }

    /** Adds one FE address {@code host:http_port}. */
    public Builder feAddress(String address) {
      feAddresses.add(Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Sets the user. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Sets the password (empty for none). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Sets the connect timeout. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    /** Sets the read timeout of 2PC and SQL requests. */
    public Builder readTimeout(Duration d) {
      this.readTimeout = d;
      return this;
    }

    /** Sets the Stream Load timeout (whole seconds). */
    public Builder loadTimeout(Duration d) {
      this.loadTimeout = d;
      return this;
    }

    /** Sets the retry policy. */
    public Builder retryPolicy(RetryPolicy p) {
      this.retryPolicy = p;
      return this;
    }

    /** Sets the sequence column, or null for tables without one. */
    public Builder sequenceColumn(String column) {
      this.sequenceColumn = column;
      return this;
    }

    /** Sets how byte arrays are encoded. */
    public Builder binaryEncoding(BinaryEncoding e) {
      this.binaryEncoding = e;
      return this;
    }

    /** Validates and builds. */
    public DorisConfig build() {
      return new DorisConfig(this);
    }
  }
}
