package org.binlogload.connector.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.TableDefinition;

/**
 * Checks every table-to-table channel of a job against its source and its Doris table before the job is created:
 * the source has a key; a Doris table that exists is a UNIQUE KEY table keyed exactly like the source, with a
 * sequence column, and a column list names columns both sides have and leaves no Doris column out; a missing one the
 * job creates at its first start, so its column list must name source columns including the key.
 */
public final class UniqueKeyTargetValidator implements JobValidator {
  private final TargetInspector inspector;
  private final SourceTables sources;

  /** A validator reading Doris tables through {@code inspector} and source tables through {@code sources}. */
  public UniqueKeyTargetValidator(TargetInspector inspector, SourceTables sources) {
    this.inspector = inspector;
    this.sources = sources;
  }

  @Override
  public void validate(JobDefinition def) {
    for (ChannelSpec c : def.channels()) {
      if (!c.isWholeDatabase()) {
        check(def, c);
      }
    }
  }

  private void check(JobDefinition def, ChannelSpec c) {
    Optional<TableDefinition> source = sources.table(def.source(), c.sourceSchema(), c.sourceTable());
    List<String> key = source.map(TableDefinition::keyColumns).orElse(List.of());
    if (source.isPresent() && key.isEmpty()) {
      throw new JobValidationException("source table " + c.source() + " has no primary key and no NOT NULL unique "
          + "key, so Doris cannot tell its rows apart (rows with equal values would collapse into one): add a "
          + "PRIMARY KEY to " + c.source() + " in MySQL, or leave it out of the job");
    }
    String keyed = source.isPresent() ? "UNIQUE KEY(" + String.join(", ", key) + ")" : "a UNIQUE KEY";
    Optional<TargetTable> target = inspector.table(c.targetDatabase(), c.targetTable());
    if (target.isEmpty()) { // the job creates it at its first start, with the listed columns only
      if (!c.columns().isEmpty() && source.isPresent()) {
        checkSourceColumns(c, source.get());
        List<String> keyLeftOut = missing(key, lower(c.columns()));
        if (!keyLeftOut.isEmpty()) {
          throw new JobValidationException("column list of " + c + " leaves out the key column(s) " + keyLeftOut
              + " of " + c.source() + ", which the Doris table the job creates is keyed by; list every key column");
        }
      }
      return;
    }
    TargetTable t = target.get();
    if (t.keysType() != TargetInspector.KeysType.UNIQUE_KEYS) {
      throw new JobValidationException("target table " + c.target() + " is " + t.keysType() + ", not UNIQUE_KEYS; "
          + "updates and deletes need a UNIQUE KEY table: recreate it with " + keyed);
    }
    if (source.isPresent() && !sameNames(key, t.keyColumns())) {
      throw new JobValidationException("target table " + c.target() + " is keyed by (" + String.join(", ",
          t.keyColumns()) + ") but " + c.source() + " by (" + String.join(", ", key) + "); the keys must be the "
          + "same columns in the same order, or rows that differ in MySQL collapse in Doris: recreate "
          + c.target() + " with " + keyed);
    }
    if (!t.sequence()) {
      throw new JobValidationException("target table " + c.target() + " has no sequence column, which the job "
          + "needs to keep the latest change of each row; run ALTER TABLE " + c.target() + " ENABLE FEATURE "
          + "\"SEQUENCE_LOAD\" WITH PROPERTIES (\"function_column.sequence_type\" = \"bigint\"), or drop the table "
          + "and the job creates it with one at its first start");
    }
    if (!c.columns().isEmpty()) {
      checkColumns(c, source, t, key);
    } else if (source.isPresent()) {
      checkAllColumns(def, c, source.get(), t);
    }
  }

  /** Without a column list every source column goes into the Doris column of its name (after name_mapping). */
  private static void checkAllColumns(JobDefinition def, ChannelSpec c, TableDefinition source, TargetTable t) {
    org.binlogload.ddl.NameMapping names = NameProperties.mapping(def.properties());
    Set<String> doris = lower(t.columns());
    List<String> notInDoris = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (ColumnDefinition col : source.columns()) {
      String name = names.dorisColumn(c.sourceTable(), col.name());
      (doris.contains(name.toLowerCase(Locale.ROOT)) ? kept : notInDoris).add(name);
    }
    if (!notInDoris.isEmpty()) {
      throw new JobValidationException("target table " + c.target() + " has no column(s) " + notInDoris + " of "
          + c.source() + ", so loading its rows would fail; add them to " + c.target() + " (ALTER TABLE "
          + c.target() + " ADD COLUMN ...), or list the columns to keep (INTO " + c.target() + " ("
          + String.join(", ", kept) + "))");
    }
  }

  private static void checkColumns(ChannelSpec c, Optional<TableDefinition> source, TargetTable t,
      List<String> key) {
    Set<String> listed = lower(c.columns());
    List<String> notInDoris = missing(c.columns(), lower(t.columns()));
    if (!notInDoris.isEmpty()) {
      throw new JobValidationException("column list of " + c + " names " + notInDoris + ", which "
          + c.target() + " does not have; Doris's columns are " + t.columns());
    }
    if (source.isPresent()) {
      checkSourceColumns(c, source.get());
    }
    List<String> keyLeftOut = missing(key.isEmpty() ? t.keyColumns() : key, listed);
    if (!keyLeftOut.isEmpty()) {
      throw new JobValidationException("column list of " + c + " leaves out the key column(s) " + keyLeftOut
          + "; list every key column");
    }
    List<String> leftOut = missing(t.columns(), listed);
    if (!leftOut.isEmpty()) {
      throw new JobValidationException("column list of " + c + " leaves out " + c.target() + "'s column(s) "
          + leftOut + ", which every change would set to NULL; add them to the list (and to " + c.source()
          + " if it lacks them) or drop them from the Doris table");
    }
  }

  private static void checkSourceColumns(ChannelSpec c, TableDefinition source) {
    List<String> names = new ArrayList<>();
    for (ColumnDefinition col : source.columns()) {
      names.add(col.name());
    }
    List<String> notInSource = missing(c.columns(), lower(names));
    if (!notInSource.isEmpty()) {
      throw new JobValidationException("column list of " + c + " names " + notInSource + ", which "
          + c.source() + " does not have; its columns are " + names);
    }
  }

  private static boolean sameNames(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsIgnoreCase(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> missing(List<String> names, Set<String> in) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (!in.contains(n.toLowerCase(Locale.ROOT))) {
        out.add(n);
      }
    }
    return out;
  }

  private static Set<String> lower(List<String> names) {
    Set<String> s = new TreeSet<>();
    for (String n : names) {
      s.add(n.toLowerCase(Locale.ROOT));
    }
    return s;
  }
}
