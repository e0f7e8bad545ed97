package org.binlogload.ddl;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Options of a {@link DdlTranslator}; immutable, built with {@link #builder()}. */
public final class TranslatorOptions {

  private final boolean tinyInt1AsBoolean;
  private final int replicationNum;
  private final int lowerCaseTableNames;
  private final String sequenceColumn;
  private final Function<String, String> targetDatabase;
  private final BiFunction<String, String, String> targetTable;
  private final int keyVarcharMax;
  private final String defaultCharset;
  private final int buckets;
  private final int maxStatementLength;
  private final Duration parseTimeout;
  private final boolean onlineSchemaChange;
  private final boolean unicodeNames;
  private final NameMapping nameMapping;
  private final OptionHints optionHints;

  private TranslatorOptions(Builder b) {
    this.tinyInt1AsBoolean = b.tinyInt1AsBoolean;
    this.replicationNum = b.replicationNum;
    this.lowerCaseTableNames = b.lowerCaseTableNames;
    this.sequenceColumn = b.sequenceColumn;
    this.targetDatabase = b.targetDatabase;
    this.targetTable = b.targetTable;
    this.keyVarcharMax = b.keyVarcharMax;
    this.defaultCharset = b.defaultCharset;
    this.buckets = b.buckets;
    this.maxStatementLength = b.maxStatementLength;
    this.parseTimeout = b.parseTimeout;
    this.onlineSchemaChange = b.onlineSchemaChange;
    this.unicodeNames = b.unicodeNames;
    this.nameMapping = b.nameMapping;
    this.optionHints = b.optionHints;
  }

  /** Defaults: TINYINT(1) → TINYINT, replication_num 3, lower_case_table_names 0, hidden sequence column. */
  public static TranslatorOptions defaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tinyInt1AsBoolean = tinyInt1AsBoolean;
    b.replicationNum = replicationNum;
    b.lowerCaseTableNames = lowerCaseTableNames;
    b.sequenceColumn = sequenceColumn;
    b.targetDatabase = targetDatabase;
    b.targetTable = targetTable;
    b.keyVarcharMax = keyVarcharMax;
    b.defaultCharset = defaultCharset;
    b.buckets = buckets;
    b.maxStatementLength = maxStatementLength;
    b.parseTimeout = parseTimeout;
    b.onlineSchemaChange = onlineSchemaChange;
    b.unicodeNames = unicodeNames;
    b.nameMapping = nameMapping;
    b.optionHints = optionHints;
    return b;
  }

  /** Whether TINYINT(1) maps to BOOLEAN (default false: TINYINT, which keeps values other than 0 and 1). */
  public boolean tinyInt1AsBoolean() {
    return tinyInt1AsBoolean;
  }

  /** The replication_num property of created tables (default 3, Doris's own default). */
  public int replicationNum() {
    return replicationNum;
  }

  /** The source server's lower_case_table_names: 0 keeps case, 1 and 2 compare and name tables in lower case. */
  public int lowerCaseTableNames() {
    return lowerCaseTableNames;
  }

  /**
   * The visible sequence column added to every created table, or null (default) for Doris's hidden sequence
   * column declared with {@code function_column.sequence_type}.
   */
  public String sequenceColumn() {
    return sequenceColumn;
  }

  /** The Doris database of a MySQL schema. */
  public String targetDatabase(String schema) {
    return targetDatabase.apply(schema);
  }

  /** The Doris table of a MySQL table. */
  public String targetTable(String schema, String table) {
    return targetTable.apply(schema, table);
  }

  /**
   * The Doris database and table of a MySQL table, as a TableId: the {@link #nameMapping()} name of a table it
   * maps, else {@link #targetTable}'s.
   */
  public TableId target(TableId table) {
    String t = nameMapping.mapsTable(table.table()) ? nameMapping.dorisTable(table.table())
        : targetTable(table.schema(), table.table());
    return TableId.of(targetDatabase(table.schema()), t);
  }

  /** The Doris column of column {@code column} of MySQL table {@code table} ({@link #nameMapping()}). */
  public String targetColumn(TableId table, String column) {
    return nameMapping.dorisColumn(table.table(), column);
  }

  /**
   * Whether the Doris cluster runs with {@code enable_unicode_name_support = true}, so names may hold letters of any
   * script (default false, Doris's default); see {@link DorisNames}.
   */
  public boolean unicodeNames() {
    return unicodeNames;
  }

  /** Doris names for MySQL tables and columns (default: none, every name is its own Doris name). */
  public NameMapping nameMapping() {
    return nameMapping;
  }

  /** How refusals name the settings that get past them. */
  public OptionHints optionHints() {
    return optionHints;
  }

  /** Largest VARCHAR length used for a key column whose type would be STRING (default 65533). */
  public int keyVarcharMax() {
    return keyVarcharMax;
  }

  /** Charset assumed when neither column nor table names one (default utf8mb4). */
  public String defaultCharset() {
    return defaultCharset;
  }

  /** Bucket count of created tables, 0 for {@code BUCKETS AUTO} (default). */
  public int buckets() {
    return buckets;
  }

  /** Longest statement accepted, in characters (default 1,000,000); longer ones are refused. */
  public int maxStatementLength() {
    return maxStatementLength;
  }

  /** Hard limit on parsing and translating one statement (default 2 s); slower ones are refused. */
  public Duration parseTimeout() {
    return parseTimeout;
  }

  /** Whether pt-online-schema-change and gh-ost shadow tables are recognised (default true). */
  public boolean onlineSchemaChange() {
    return onlineSchemaChange;
  }

  /** Builds {@link TranslatorOptions}. */
  public static final class Builder {
    private boolean tinyInt1AsBoolean;
    private int replicationNum = 3;
    private int lowerCaseTableNames;
    private String sequenceColumn;
    private Function<String, String> targetDatabase = s -> s;
    private BiFunction<String, String, String> targetTable = (s, t) -> t;
    private int keyVarcharMax = TypeMapping.MAX_VARCHAR;
    private String defaultCharset = "utf8mb4";
    private int buckets;
    private int maxStatementLength = 1_000_000;
    private Duration parseTimeout = Duration.ofSeconds(2);
    private boolean onlineSchemaChange = true;
    private boolean unicodeNames;
    private NameMapping nameMapping = NameMapping.none();
    private OptionHints optionHints = OptionHints.JAVA_API;

    private Builder() {
    }

    /** Maps TINYINT(1) to BOOLEAN instead of TINYINT. */
    public Builder tinyInt1AsBoolean(boolean value) {
      this.tinyInt1AsBoolean = value;
      return this;
    }

    /** Sets replication_num. */
    public Builder replicationNum(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("replicationNum <= 0");
      }
      this.replicationNum = value;
      return this;
    }

    /** Sets the source's lower_case_table_names (0, 1 or 2). */
    public Builder lowerCaseTableNames(int value) {
      if (value < 0 || value > 2) {
        throw new IllegalArgumentException("lowerCaseTableNames not in 0..2: " + value);
      }
      this.lowerCaseTableNames = value;
      return this;
    }

    /** Uses a visible BIGINT sequence column of this name instead of the hidden one; null for hidden. */
    public Builder sequenceColumn(String value) {
      this.sequenceColumn = value;
      return this;
    }

    /** Sets the schema → Doris database mapping. */
    public Builder targetDatabase(Function<String, String> value) {
      this.targetDatabase = Objects.requireNonNull(value, "targetDatabase == null");
      return this;
    }

    /** Sets the (schema, table) → Doris table mapping. */
    public Builder targetTable(BiFunction<String, String, String> value) {
      this.targetTable = Objects.requireNonNull(value, "targetTable == null");
      return this;
    }

    /** Sets the VARCHAR length used for key columns that would be STRING. */
    public Builder keyVarcharMax(int value) {
      if (value <= 0 || value > TypeMapping.MAX_VARCHAR) {
        throw new IllegalArgumentException("keyVarcharMax not in 1..65533: " + value);
      }
      this.keyVarcharMax = value;
      return this;
    }

    /** Sets the charset assumed when none is declared. */
    public Builder defaultCharset(String value) {
      this.defaultCharset = Objects.requireNonNull(value, "defaultCharset == null");
      return this;
    }

    /** Sets a fixed bucket count; 0 for BUCKETS AUTO. */
    public Builder buckets(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("buckets < 0");
      }
      this.buckets = value;
      return this;
    }

    /** Sets the longest statement accepted. */
    public Builder maxStatementLength(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxStatementLength <= 0");
      }
      this.maxStatementLength = value;
      return this;
    }

    /** Sets the time limit for one statement. */
    public Builder parseTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("parseTimeout <= 0");
      }
      this.parseTimeout = value;
      return this;
    }

    /** Turns recognition of online-schema-change shadow tables on or off. */
    public Builder onlineSchemaChange(boolean value) {
      this.onlineSchemaChange = value;
      return this;
    }

    /** Says whether the Doris cluster runs with {@code enable_unicode_name_support = true}. */
    public Builder unicodeNames(boolean value) {
      this.unicodeNames = value;
      return this;
    }

    /** Sets how refusals name the settings that get past them (default {@link OptionHints#JAVA_API}). */
    public Builder optionHints(OptionHints value) {
      this.optionHints = Objects.requireNonNull(value, "optionHints == null");
      return this;
    }

    /** Sets the Doris names of MySQL tables and columns. */
    public Builder nameMapping(NameMapping value) {
      this.nameMapping = Objects.requireNonNull(value, "nameMapping == null");
      return this;
    }

    /** Builds the options. */
    public TranslatorOptions build() {
      return new TranslatorOptions(this);
    }
  }
}
