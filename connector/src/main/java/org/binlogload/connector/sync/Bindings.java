package org.binlogload.connector.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which source tables feed which Doris tables: explicit {@code mysql_db.tbl -> doris_db.tbl} pairs, plus whole
 * source schemas whose every table goes into the same-named table of a Doris database.
 */
public record Bindings(Map<String, String> tables, Map<String, String> databases) {
  /** Copies the maps, keeping their order. */
  public Bindings {
    tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    databases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(databases));
  }

  /** The Doris table ({@code db.tbl}) bound to {@code schema.table}, explicitly or through its whole schema. */
  public Optional<String> target(String schema, String table) {
    String t = tables.get(schema + "." + table);
    return Optional.ofNullable(t);
  }

  /** The Doris database a whole source schema goes into, if it is taken whole. */
  public Optional<String> wholeDatabase(String schema) {
    return Optional.ofNullable(databases.get(schema));
  }

  /**
   * The target database of source schema {@code schema}: its whole database, else the database of a table of it that
   * is bound, else the schema's own name.
   */
  public String targetDatabase(String schema) {
    String db = databases.get(schema);
    if (db != null) {
      return db;
    }
    for (Map.Entry<String, String> e : tables.entrySet()) {
      if (e.getKey().startsWith(schema + ".")) {
        return e.getValue().substring(0, e.getValue().indexOf('.'));
      }
    }
    return schema;
  }

  /** The target table of {@code schema.table}: the table it is bound to, else its own name. */
  public String targetTable(String schema, String table) {
    String t = tables.get(schema + "." + table);
    return t == null ? table : t.substring(t.indexOf('.') + 1);
  }

  /** These bindings with {@code source} bound to {@code target}. */
  public Bindings bind(String source, String target) {
    Map<String, String> t = new LinkedHashMap<>(tables);
    t.put(source, target);
    return new Bindings(t, databases);
  }

  /** These bindings with whole source schema {@code schema} going into Doris database {@code database}. */
  public Bindings withDatabase(String schema, String database) {
    Map<String, String> d = new LinkedHashMap<>(databases);
    d.put(schema, database);
    return new Bindings(tables, d);
  }

  /** These bindings without {@code source}. */
  public Bindings unbind(String source) {
    Map<String, String> t = new LinkedHashMap<>(tables);
    t.remove(source);
    return new Bindings(t, databases);
  }
}
