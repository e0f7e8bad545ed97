package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs ALTER TABLE ... ADD, DROP, MODIFY and RENAME COLUMN (docs "ALTER-TABLE-COLUMN", "schema-change"): a light
 * change at once, else a heavy {@link SchemaChangeJob}.
 */
final class AlterColumns {
    private final Catalog catalog;
    private final SqlParser in;

    AlterColumns(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    /** ADD, DROP and MODIFY COLUMN clauses, comma separated: a light change now, else a SchemaChangeJob. */
    QueryResult alter(OlapTable t) {
        List<Column> schema = new ArrayList<>(t.columns);
        boolean light = true;
        int nextUid = t.nextUniqueId;
        do {
            if (in.accept("ADD")) {
                in.expect("COLUMN");
                if (in.acceptSymbol("(")) {
                    List<Column> added = new ArrayList<>();
                    do {
                        added.add(ColumnDefinitions.columnDef(in, nextUid++));
                    } while (in.acceptSymbol(","));
                    in.expectSymbol(")");
                    for (Column c : added) {
                        light &= addColumn(t, schema, c, null, false);
                    }
                } else {
                    Column c = ColumnDefinitions.columnDef(in, nextUid++);
                    Place at = place();
                    light &= addColumn(t, schema, c, at.after, at.first);
                }
            } else if (in.accept("DROP")) {
                in.expect("COLUMN");
                light &= dropColumn(t, schema, in.ident());
            } else if (in.accept("MODIFY")) {
                in.expect("COLUMN");
                Column c = ColumnDefinitions.columnDef(in, -1);
                Place at = place();
                light &= modifyColumn(t, schema, c, at.after, at.first);
            } else {
                throw in.error("{'ADD', 'DROP', 'MODIFY', 'RENAME'}");
            }
        } while (in.acceptSymbol(","));
        in.end();
        validateOrder(t, schema);
        t.nextUniqueId = nextUid;
        if (light && t.lightSchemaChange) {
            try {
                t.changeSchema(schema, catalog.now());
            } catch (DataType.ConversionException e) {
                throw new DorisSqlException(e.getMessage());
            }
            return QueryResult.ok();
        }
        SchemaChangeJob job = new SchemaChangeJob(catalog.nextId(), t.db, t, schema, catalog.now());
        catalog.jobs.add(job);
        t.state = "SCHEMA_CHANGE";
        return QueryResult.ok();
    }

    /** Where a column definition puts its column: {@code FIRST}, {@code AFTER col}, or neither (both unset). */
    private record Place(String after, boolean first) {}

    private Place place() {
        if (in.accept("FIRST")) {
            return new Place(null, true);
        }
        return new Place(in.accept("AFTER") ? in.ident() : null, false);
    }

    private int lastVisible(List<Column> schema) {
        int last = -1;
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).visible) {
                last = i;
            }
        }
        return last;
    }

    private int lastKey(List<Column> schema) {
        int last = -1;
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).key) {
                last = i;
            }
        }
        return last;
    }

    /** Returns true when the add is light (a value column on a light-schema-change table). */
    private boolean addColumn(OlapTable t, List<Column> schema, Column c, String after, boolean first) {
        for (Column x : schema) {
            if (x.nameIs(c.name)) {
                throw new DorisSqlException("Can not add column which already exists in base table: " + c.name);
            }
        }
        for (Column x : t.columns) {
            if (x.nameIs(c.name)) {
                throw new DorisSqlException("Can not add column which already exists in base table: " + c.name);
            }
        }
        int at;
        if (first) {
            at = 0;
        } else if (after != null) {
            int i = indexOf(schema, after);
            if (i < 0) {
                throw new DorisSqlException("Column[" + after + "] does not found");
            }
            at = i + 1;
        } else {
            at = c.key ? lastKey(schema) + 1 : lastVisible(schema) + 1;
        }
        schema.add(at, c);
        return !c.key;
    }

    private boolean dropColumn(OlapTable t, List<Column> schema, String name) {
        int i = indexOf(schema, name);
        if (t.isUnique()) {
            if (i >= 0 && schema.get(i).key) {
                throw new DorisSqlException("Can not drop key column in Unique data model table");
            }
            if (t.sequenceMapCol != null && t.sequenceMapCol.equalsIgnoreCase(name)) {
                throw new DorisSqlException("Can not drop sequence mapping column[" + name
                        + "] in Unique data model table[" + t.name + "]");
            }
        }
        if (i < 0 || !schema.get(i).visible) {
            throw new DorisSqlException("Column does not exists: " + name);
        }
        Column c = schema.remove(i);
        if (t.distributionColumns.stream().anyMatch(c::nameIs)) {
            throw new DorisSqlException("Can not drop distribution column[" + c.name + "]");
        }
        return !c.key;
    }

    /** Returns whether the change is light; an unchanged column fails the statement. */
    private boolean modifyColumn(OlapTable t, List<Column> schema, Column def, String after, boolean first) {
        int i = indexOf(schema, def.name);
        if (i < 0 || !schema.get(i).visible) {
            throw new DorisSqlException("Column[" + def.name + "] does not exists");
        }
        Column old = schema.get(i);
        Column mod = new Column(old.uniqueId, old.name, def.type, def.key, def.nullable, def.defaultValue,
                def.comment, true);
        boolean move = first || after != null;
        if (old.sameDefinition(mod) && !move) {
            // FE SchemaChangeHandler.createJob
            throw new DorisSqlException("Nothing is changed. please check your alter stmt.");
        }
        if (after != null && indexOf(schema, after) < 0) {
            throw new DorisSqlException("Column[" + after + "] does not exists");
        }
        if (!old.sameDefinition(mod) && t.distributionColumns.stream().anyMatch(old::nameIs)) {
            throw new DorisSqlException("Can not modify distribution column[" + old.name + "]. index["
                    + t.name + "]");
        }
        boolean typeChanged = !old.type.equals(mod.type);
        if (typeChanged && t.sequenceMapCol != null && t.sequenceMapCol.equalsIgnoreCase(old.name)) {
            throw new DorisSqlException("Can not alter sequence column[" + old.name + "]");
        }
        if (old.nullable && !mod.nullable) {
            throw new DorisSqlException("Can not change from nullable to non-nullable");
        }
        boolean light = false;
        if (typeChanged) {
            ColumnTypeChange.check(old.type, mod.type);
            light = !old.key && !mod.key && !move && old.type.kind == DataType.Kind.VARCHAR
                    && mod.type.kind == DataType.Kind.VARCHAR;
        } else if (!old.key && !mod.key && !move && old.nullable == mod.nullable) {
            light = true; // default or comment only
        }
        schema.remove(i);
        if (first) {
            schema.add(0, mod);
        } else if (after != null) {
            schema.add(indexOf(schema, after) + 1, mod);
        } else {
            schema.add(i, mod);
        }
        return light;
    }

    /** Keys first, values after (FE SchemaChangeHandler); at least one key. */
    private void validateOrder(OlapTable t, List<Column> schema) {
        boolean seenValue = false;
        boolean anyKey = false;
        for (Column c : schema) {
            if (!c.visible) {
                continue;
            }
            if (c.key) {
                anyKey = true;
                if (seenValue) {
                    throw new DorisSqlException("Invalid column order. value should be after key. index["
                            + t.name + "]");
                }
            } else {
                seenValue = true;
            }
        }
        if (!anyKey) {
            throw new DorisSqlException("No key column left. index[" + t.name + "]");
        }
    }

    QueryResult renameColumn(OlapTable t) {
        String from = in.ident();
        in.accept("TO");
        String to = in.ident();
        in.end();
        if (!t.lightSchemaChange) {
            throw new DorisSqlException("Do not support rename column when light_schema_change is false, table: "
                    + t.name);
        }
        int i = indexOf(t.columns, from);
        if (i < 0 || !t.columns.get(i).visible) {
            throw new DorisSqlException("Column[" + from + "] does not exists");
        }
        if (from.equalsIgnoreCase(to)) {
            throw new DorisSqlException("Same column name");
        }
        if (indexOf(t.columns, to) >= 0) {
            throw new DorisSqlException("Column name[" + to + "] is already used");
        }
        List<Column> schema = new ArrayList<>(t.columns);
        Column old = schema.get(i);
        schema.set(i, old.withName(to));
        try {
            t.changeSchema(schema, catalog.now());
        } catch (DataType.ConversionException e) {
            throw new IllegalStateException(e);
        }
        renameDistribution(t, from, to);
        if (t.sequenceMapCol != null && t.sequenceMapCol.equalsIgnoreCase(from)) {
            t.sequenceMapCol = to;
        }
        t.rows.invalidate();
        return QueryResult.ok();
    }

    private void renameDistribution(OlapTable t, String from, String to) {
        // distribution columns are kept by name; rename them with the column
        List<String> copy = new ArrayList<>(t.distributionColumns);
        t.distributionColumns.clear();
        for (String dc : copy) {
            t.distributionColumns.add(dc.equalsIgnoreCase(from) ? to : dc);
        }
    }

    private int indexOf(List<Column> schema, String name) {
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).nameIs(name)) {
                return i;
            }
        }
        return -1;
    }
}
