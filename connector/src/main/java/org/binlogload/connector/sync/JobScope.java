package org.binlogload.connector.sync;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.binlogload.connector.job.ChannelSpec;
import org.binlogload.connector.job.JobDefinition;

/**
 * Which tables of its whole-database mappings a job takes: the mapping covering a source schema (its own name, or a
 * schema pattern), that mapping's INCLUDE/EXCLUDE filter, and the Doris database of a schema a pattern matches.
 */
public final class JobScope {
  /** Server schemas a schema pattern never matches. */
  private static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");
  private static final JobScope EVERY_TABLE = new JobScope(List.of());

  private final List<ChannelSpec> wholes;

  private JobScope(List<ChannelSpec> wholes) {
    this.wholes = wholes;
  }

  /** The scope of {@code def}'s whole-database mappings. */
  public static JobScope of(JobDefinition def) {
    return new JobScope(def.channels().stream().filter(ChannelSpec::isWholeDatabase).toList());
  }

  /** Every table of each whole database bound, no patterns (tests of the planner alone). */
  public static JobScope everyTable() {
    return EVERY_TABLE;
  }

  /** The whole-database mapping covering {@code schema}: a plain one first, else a pattern matching it. */
  public Optional<ChannelSpec> mapping(String schema) {
    if (schema == null) {
      return Optional.empty();
    }
    for (ChannelSpec c : wholes) {
      if (!c.isSchemaPattern() && c.sourceSchema().equals(schema)) {
        return Optional.of(c);
      }
    }
    if (SYSTEM.contains(schema.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return wholes.stream().filter(c -> c.isSchemaPattern() && c.coversSchema(schema)).findFirst();
  }

  /** The whole-database mappings, patterns included, in the order written. */
  public List<ChannelSpec> wholeDatabases() {
    return wholes;
  }

  /** Whether a schema pattern covers {@code schema}, a database the job takes when it appears. */
  public boolean patternCovers(String schema) {
    return mapping(schema).filter(ChannelSpec::isSchemaPattern).isPresent();
  }

  /** Whether table {@code table} of whole database {@code schema} is one the job takes (by its filter). */
  public boolean takes(String schema, String table) {
    return wholes.isEmpty() || mapping(schema).map(c -> c.filter().takes(table)).orElse(true);
  }

  /** Why the job does not take {@code schema.table}, e.g. {@code "EXCLUDE (tmp_*)"}; null if it does. */
  public String reason(String schema, String table) {
    return mapping(schema).map(c -> c.filter().reason(table)).orElse(null);
  }
}
