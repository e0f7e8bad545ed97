package org.binlogload.connector.doris;

import java.util.List;
import java.util.Objects;

/** One Stream Load: target table, label and whether a label that is already committed is an acceptable answer. */
public final class LoadRequest {
  private final String db;
  private final String table;
  private final Label label;
  private final boolean twoPhaseCommit;
  private final boolean acceptCommittedLabel;
  private final List<String> columns;

  private LoadRequest(Builder b) {
    this.db = requireName(b.db, "db");
    this.table = requireName(b.table, "table");
    this.label = Objects.requireNonNull(b.label, "label");
    this.twoPhaseCommit = b.twoPhaseCommit;
    this.acceptCommittedLabel = b.acceptCommittedLabel;
    this.columns = b.columns == null ? null : List.copyOf(b.columns);
  }

  private static String requireName(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return s;
  }

  /** A two-phase load of {@code db.table} under {@code label} that treats an already committed label as an error. */
  public static LoadRequest of(String db, String table, Label label) {
    return builder().db(db).table(table).label(label).build();
  }

  /** A new builder (two-phase commit on by default). */
  public static Builder builder() {
    return new Builder();
  }

  /** The database. */
  public String db() {
    return db;
  }

  /** The table. */
  public String table() {
    return table;
  }

  /** {@code db.table}. */
  public String qualifiedTable() {
    return db + "." + table;
  }

  /** The label. */
  public Label label() {
    return label;
  }

  /** Whether the load leaves its transaction PRECOMMITTED for a later commit or abort. */
  public boolean twoPhaseCommit() {
    return twoPhaseCommit;
  }

  /** Whether {@code Label Already Exists} with FINISHED is returned as a committed result instead of thrown. */
  public boolean acceptCommittedLabel() {
    return acceptCommittedLabel;
  }

  /**
   * The columns the rows carry, in order, or null when the client must read them off the rows; a table with a hidden
   * sequence column is loaded with a {@code columns} header, which needs them.
   */
  public List<String> columns() {
    return columns;
  }

  @Override
  public String toString() {
    return "LoadRequest{" + qualifiedTable() + ", label=" + label + ", 2pc=" + twoPhaseCommit + "}";
  }

  /** Builds a {@link LoadRequest}. */
  public static final class Builder {
    private String db;
    private String table;
    private Label label;
    private boolean twoPhaseCommit = true;
    private boolean acceptCommittedLabel;
    private List<String> columns;

    private Builder() {}

    /** Sets the columns every row carries (the delete sign and the sequence are added by the client). */
    public Builder columns(List<String> columns) {
      this.columns = columns;
      return this;
    }

    /** Sets the database. */
    public Builder db(String db) {
      this.db = db;
      return this;
    }

    /** Sets the table. */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /** Sets the label. */
    public Builder label(Label label) {
      this.label = label;
      return this;
    }

    /** Sets whether the load is two-phase (default true). */
    public Builder twoPhaseCommit(boolean on) {
      this.twoPhaseCommit = on;
      return this;
    }

    /** Sets whether an already committed label is an acceptable answer (default false: it is an error). */
    public Builder acceptCommittedLabel(boolean accept) {
      this.acceptCommittedLabel = accept;
      return this;
    }

    /** Validates and builds. */
    public LoadRequest build() {
      return new LoadRequest(this);
    }
  }
}
