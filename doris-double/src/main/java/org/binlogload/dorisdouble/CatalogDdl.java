package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the DDL on databases and on tables as wholes: CREATE/DROP DATABASE, DROP and TRUNCATE TABLE, ALTER TABLE
 * RENAME and REPLACE WITH TABLE (docs "DROP-TABLE", "TRUNCATE-TABLE", "ALTER-TABLE-RENAME").
 */
final class CatalogDdl {
    private final Catalog catalog;
    private final SqlParser in;

    CatalogDdl(Catalog catalog, SqlParser in) {
        this.catalog = catalog;
        this.in = in;
    }

    QueryResult createDatabase() {
        boolean ifNotExists = false;
        if (in.accept("IF")) {
            in.expect("NOT");
            in.expect("EXISTS");
            ifNotExists = true;
        }
        String name = in.ident();
        if (in.accept("PROPERTIES")) {
            in.properties();
        }
        in.end();
        Map<String, Catalog.Database> dbs = catalog.databases();
        if (dbs.containsKey(name)) {
            if (ifNotExists) {
                return QueryResult.ok();
            }
            // FE ErrorCode.ERR_DB_CREATE_EXISTS
            throw new DorisSqlException("Can't create database '" + name + "'; database exists");
        }
        dbs.put(name, new Catalog.Database(name));
        return QueryResult.ok();
    }

    QueryResult dropDatabase() {
        boolean ifExists = false;
        if (in.accept("IF")) {
            in.expect("EXISTS");
            ifExists = true;
        }
        String name = in.ident();
        in.accept("FORCE");
        in.end();
        Catalog.Database d = catalog.dbOrNull(name);
        if (d == null) {
            if (ifExists) {
                return QueryResult.ok();
            }
            // FE ErrorCode.ERR_DB_DROP_EXISTS
            throw new DorisSqlException("Can't drop database '" + name + "'; database doesn't exist");
        }
        for (OlapTable t : new ArrayList<>(d.tables.values())) {
            removeTable(d, t, "database dropped");
        }
        catalog.databases().remove(name);
        return QueryResult.ok();
    }

    QueryResult dropTable() {
        boolean ifExists = false;
        if (in.accept("IF")) {
            in.expect("EXISTS");
            ifExists = true;
        }
        String[] q = in.qualified();
        in.accept("FORCE");
        in.end();
        Catalog.Database d = catalog.db(q[0]);
        OlapTable t = d.tables.get(q[1]);
        if (t == null) {
            if (ifExists) {
                return QueryResult.ok();
            }
            throw new DorisSqlException("Unknown table '" + q[1] + "'");
        }
        removeTable(d, t, "table dropped");
        return QueryResult.ok();
    }

    private void removeTable(Catalog.Database d, OlapTable t, String reason) {
        d.tables.remove(t.name);
        for (SchemaChangeJob j : catalog.jobs) {
            if (j.tableId == t.id) {
                j.cancel(reason, catalog.now());
            }
        }
        abortInFlight(t, reason);
    }

    private void abortInFlight(OlapTable t, String reason) {
        // a dropped or truncated table fails the loads in flight on it (docs "TRUNCATE-TABLE")
        Catalog.Database d = catalog.dbOrNull(t.db);
        if (d == null) {
            return;
        }
        for (List<Txn> list : d.labels.values()) {
            for (Txn x : list) {
                if (x.tableId == t.id && !x.finished() && x.state != Txn.State.COMMITTED) {
                    catalog.abort(x, reason);
                }
            }
        }
    }

    QueryResult truncate() {
        String[] q = in.qualified();
        in.end();
        OlapTable t = catalog.table(q[0], q[1]);
        if (!t.state.equals("NORMAL")) {
            // FE datasource/InternalCatalog.truncateTable
            throw new DorisSqlException("Table' state is not NORMAL: " + t.state);
        }
        t.rows.truncate();
        abortInFlight(t, "table truncated");
        return QueryResult.ok();
    }

    /**
     * {@code ALTER TABLE a REPLACE WITH TABLE b [PROPERTIES ("swap" = "true"|"false")]}, docs "ALTER TABLE
     * REPLACE" (apache/doris#4669, alter-table-replace-table): one atomic step between two OLAP tables of one
     * database, structures not compared; swap (the default) exchanges the names, "false" drops a and renames b to a.
     */
    QueryResult replaceWithTable(String db, OlapTable a) {
        in.expect("WITH");
        in.expect("TABLE");
        String other = in.ident();
        boolean swap = true;
        if (in.accept("PROPERTIES")) {
            swap = !"false".equalsIgnoreCase(in.properties().getOrDefault("swap", "true"));
        }
        in.end();
        OlapTable b = catalog.table(db, other);
        Catalog.Database d = catalog.db(db);
        String aName = a.name;
        String bName = b.name;
        // FE Alter.replaceTableInternal: no swap erases a (recycle bin or onEraseOlapTable), so a goes as DROP does
        if (swap) {
            d.tables.remove(aName);
        } else {
            removeTable(d, a, "table replaced");
        }
        d.tables.remove(bName);
        b.name = aName;
        d.tables.put(aName, b);
        if (swap) {
            a.name = bName;
            d.tables.put(bName, a);
        }
        for (SchemaChangeJob j : catalog.jobs) {
            if (j.tableId == b.id) {
                j.tableName = aName;
            } else if (j.tableId == a.id && swap) {
                j.tableName = bName;
            }
        }
        return QueryResult.ok();
    }

    /** ALTER TABLE [db.]t RENAME new_name: the table and its schema-change jobs take the new name. */
    QueryResult renameTable(String db, OlapTable t) {
        String newName = in.ident();
        in.end();
        Catalog.Database d = catalog.db(db);
        if (newName.equals(t.name)) {
            throw new DorisSqlException("Same table name");
        }
        if (d.tables.containsKey(newName)) {
            throw new DorisSqlException("Table name[" + newName + "] is already used");
        }
        d.tables.remove(t.name);
        t.name = newName;
        d.tables.put(newName, t);
        for (SchemaChangeJob j : catalog.jobs) {
            if (j.tableId == t.id) {
                j.tableName = newName;
            }
        }
        return QueryResult.ok();
    }
}
