package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binlogload.dorisdouble.Wire.json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schema change rules and messages (docs "schema-change", "ALTER-TABLE-COLUMN"; FE SchemaChangeHandler). */
class SchemaChangeTest {
    private static final String PROPS = " PROPERTIES (\"replication_num\" = \"1\")";
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().heavySchemaChangeDuration(Duration.ofMillis(600)).start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE d");
        doris.sql("d", "CREATE TABLE t (k INT NOT NULL, k2 VARCHAR(10) NOT NULL, v VARCHAR(10), n INT) "
                + "UNIQUE KEY(k, k2) DISTRIBUTED BY HASH(k) BUCKETS 1" + PROPS);
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    private List<String> fields() {
        List<String> out = new ArrayList<>();
        for (List<String> r : doris.sql("d", "DESC t").rows()) {
            out.add(r.get(0) + " " + r.get(1));
        }
        return out;
    }

    private void refused(String stmt, String detail) {
        assertThatThrownBy(() -> doris.sql("d", stmt)).isInstanceOf(DorisSqlException.class)
                .hasMessage("errCode = 2, detailMessage = " + detail);
    }

    private String jobState() {
        QueryResult r = doris.sql("d", "SHOW ALTER TABLE COLUMN FROM d WHERE TableName = 't' "
                + "ORDER BY CreateTime DESC LIMIT 1");
        return r.rows().isEmpty() ? "none" : r.value(0, "State");
    }

    private void awaitFinished() {
        Wire.waitUntil(Duration.ofSeconds(10), () -> jobState().equals("FINISHED"), "the job to finish");
    }

    @Test
    void lightChangesAreInstantAndCreateNoJob() {
        doris.sql("d", "ALTER TABLE t ADD COLUMN a INT DEFAULT '1'");
        doris.sql("d", "ALTER TABLE t ADD COLUMN b INT AFTER k2");
        doris.sql("d", "ALTER TABLE t DROP COLUMN n");
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN v VARCHAR(20)");
        doris.sql("d", "ALTER TABLE t RENAME COLUMN a a2");
        assertThat(fields()).containsExactly("k int", "k2 varchar(10)", "b int", "v varchar(20)", "a2 int");
        assertThat(jobState()).isEqualTo("none");
        doris.sql("d", "ALTER TABLE t ADD COLUMN (c1 INT, c2 VARCHAR(3))");
        assertThat(fields()).endsWith("c1 int", "c2 varchar(3)");
    }

    @Test
    void heavyChangeRunsThroughTheDocumentedStates() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1,\"k2\":\"x\",\"n\":5}");
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN n BIGINT");
        List<String> seen = new ArrayList<>();
        Wire.waitUntil(Duration.ofSeconds(10), () -> {
            String s = jobState();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                seen.add(s);
            }
            return s.equals("FINISHED");
        }, "FINISHED");
        assertThat(seen).containsSubsequence("PENDING", "FINISHED");
        assertThat(seen).isSubsetOf("PENDING", "WAITING_TXN", "RUNNING", "FINISHED");
        assertThat(fields()).contains("n bigint");
        assertThat(doris.rows("d", "t").get(0)).containsEntry("n", 5L);
        QueryResult r = doris.sql("d", "SHOW ALTER TABLE COLUMN");
        assertThat(r.columns()).containsExactly("JobId", "TableName", "CreateTime", "FinishTime", "IndexName",
                "IndexId", "OriginIndexId", "SchemaVersion", "TransactionId", "State", "Msg", "Progress", "Timeout");
        assertThat(r.value(0, "TableName")).isEqualTo("t");
        assertThat(r.value(0, "FinishTime")).isNotEqualTo("N/A");
    }

    @Test
    void anAlterWhileAJobRunsIsRefused() {
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN v STRING");
        refused("ALTER TABLE t ADD COLUMN z INT", "Table[t]'s state(SCHEMA_CHANGE) is not NORMAL. Do not allow "
                + "doing ALTER ops");
        refused("TRUNCATE TABLE t", "Table' state is not NORMAL: SCHEMA_CHANGE");
        awaitFinished();
        doris.sql("d", "ALTER TABLE t ADD COLUMN z INT");
        assertThat(fields()).contains("v text", "z int");
    }

    @Test
    void aPrecommittedLoadHoldsTheJobInWaitingTxn() {
        long id = Wire.txnId(wire.load("d", "t", json("label", "pre", "two_phase_commit", "true"),
                "{\"k\":1,\"k2\":\"x\",\"n\":1}"));
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN n BIGINT");
        Wire.waitUntil(Duration.ofSeconds(10), () -> jobState().equals("WAITING_TXN"), "WAITING_TXN");
        Wire.waitUntil(Duration.ofSeconds(10), () -> doris.sql("d", "SHOW ALTER TABLE COLUMN").value(0,
                "TransactionId").equals(String.valueOf(id + 1)), "the watershed");
        assertThat(jobState()).isEqualTo("WAITING_TXN");
        assertThat(wire.commit("d", id)).containsEntry("status", "Success");
        awaitFinished();
        assertThat(doris.rows("d", "t").get(0)).containsEntry("n", 1L);
    }

    @Test
    void loadsAgainstTheOldSchema() {
        doris.sql("d", "ALTER TABLE t DROP COLUMN n");
        // a dropped column named in `columns` is only a source column now: read, never stored
        Map<String, Object> r = wire.load("d", "t", json("label", "old", "columns", "k,k2,v,n"),
                "{\"k\":1,\"k2\":\"a\",\"v\":\"x\",\"n\":3}");
        assertThat(r).containsEntry("Status", "Success");
        assertThat(doris.rows("d", "t").get(0)).doesNotContainKey("n");
        doris.sql("d", "ALTER TABLE t ADD COLUMN must INT NOT NULL");
        Map<String, Object> missing = wire.load("d", "t", json("label", "new"), "{\"k\":2,\"k2\":\"b\"}");
        assertThat(missing).containsEntry("Status", "Fail").containsEntry("NumberFilteredRows", 1);
    }

    @Test
    void precommittedRowsFollowALightChangeMadeBeforeTheirCommit() {
        long id = Wire.txnId(wire.load("d", "t", json("label", "pre", "two_phase_commit", "true"),
                "{\"k\":1,\"k2\":\"x\",\"v\":\"a\",\"n\":1}"));
        doris.sql("d", "ALTER TABLE t DROP COLUMN n");
        doris.sql("d", "ALTER TABLE t ADD COLUMN w INT DEFAULT '9'");
        wire.commit("d", id);
        assertThat(doris.rows("d", "t")).isEqualTo(List.of(Map.of("k", 1, "k2", "x", "v", "a", "w", 9)));
    }

    @Test
    void errorMessagesFollowSchemaChangeHandler() {
        refused("ALTER TABLE t DROP COLUMN k2", "Can not drop key column in Unique data model table");
        refused("ALTER TABLE t MODIFY COLUMN v VARCHAR(5)", "Shorten type length is prohibited, "
                + "srcType=varchar(10), dstType=varchar(5)");
        refused("ALTER TABLE t MODIFY COLUMN k BIGINT KEY NOT NULL", "Can not modify distribution column[k]. "
                + "index[t]");
        refused("ALTER TABLE t ADD COLUMN v INT", "Can not add column which already exists in base table: v");
        refused("ALTER TABLE t MODIFY COLUMN x INT", "Column[x] does not exists");
        refused("ALTER TABLE t DROP COLUMN x", "Column does not exists: x");
        refused("ALTER TABLE t MODIFY COLUMN v VARCHAR(10)", "Nothing is changed. please check your alter stmt.");
        refused("ALTER TABLE t ADD COLUMN early INT FIRST", "Invalid column order. value should be after key. "
                + "index[t]");
        refused("ALTER TABLE t MODIFY COLUMN n SMALLINT", "Can not change from wider type int to narrower type "
                + "smallint");
        refused("ALTER TABLE t ADD COLUMN tm TIME", "Time type is not supported for olap table");
        refused("ALTER TABLE t RENAME COLUMN x y", "Column[x] does not exists");
        refused("ALTER TABLE t RENAME COLUMN v n", "Column name[n] is already used");
        refused("ALTER TABLE nope ADD COLUMN a INT", "Unknown table 'nope'");
        assertThat(jobState()).isEqualTo("none");
    }

    @Test
    void keyChangesAreHeavy() {
        doris.sql("d", "ALTER TABLE t ADD COLUMN k3 INT KEY DEFAULT '0'");
        assertThat(jobState()).isIn("PENDING", "WAITING_TXN", "RUNNING");
        awaitFinished();
        assertThat(fields()).startsWith("k int", "k2 varchar(10)", "k3 int");
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN k2 VARCHAR(30) KEY NOT NULL");
        assertThat(jobState()).isIn("PENDING", "WAITING_TXN", "RUNNING");
        awaitFinished();
    }

    @Test
    void createTableRules() {
        refused("CREATE TABLE x (k INT, t TIME) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)" + PROPS,
                "Time type is not supported for olap table");
        refused("CREATE TABLE x (k STRING, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)" + PROPS,
                "String Type should not be used in key column[k].");
        refused("CREATE TABLE x (k INT, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(v)" + PROPS,
                "Distribution column[v] is not key column");
        refused("CREATE TABLE x (k INT, v INT) UNIQUE KEY(v) DISTRIBUTED BY HASH(v)" + PROPS,
                "Key columns should be a ordered prefix of the schema. KeyColumns[0] (starts from zero) is v, "
                        + "but corresponding column is k in the previous columns declaration.");
        assertThatThrownBy(() -> doris.sql("d", "CREATE TABLE x (k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)"))
                .hasMessageContaining("Failed to find enough backend").hasMessageContaining("replication num: 3");
        refused("CREATE TABLE t (k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)" + PROPS, "Table 't' already exists");
        doris.sql("d", "CREATE TABLE IF NOT EXISTS t (k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)" + PROPS);
        doris.sql("d", "create table `All_Types` (`k` largeint not null, b boolean, ti tinyint, si smallint, "
                + "f float, db double, dc decimalv3(38,10), c char(3), s string, dd datev2, dt datetimev2(6), "
                + "j jsonb not null default '{}' comment 'doc') unique key(`k`) comment 'x' "
                + "distributed by hash(`k`) buckets auto properties('replication_num'='1', "
                + "'enable_unique_key_merge_on_write'='true', 'light_schema_change'='true')");
        String ddl = doris.sql("d", "SHOW CREATE TABLE All_Types").value(0, "Create Table");
        assertThat(ddl).startsWith("CREATE TABLE `All_Types` (\n  `k` largeint NOT NULL,")
                .contains("`dc` decimal(38,10) NULL").contains("`dt` datetime(6) NULL")
                .contains("`j` json NOT NULL DEFAULT \"{}\" COMMENT \"doc\"").contains("UNIQUE KEY(`k`)")
                .contains("DISTRIBUTED BY HASH(`k`) BUCKETS AUTO")
                .contains("\"replication_allocation\" = \"tag.location.default: 1\"");
        QueryResult all = doris.sql("d", "DESC All_Types ALL");
        assertThat(all.columns()).containsExactly("IndexName", "IndexKeysType", "Field", "Type", "InternalType",
                "Null", "Key", "Default", "Extra", "Visible", "DefineExpr", "WhereClause");
        assertThat(all.rows().get(0)).startsWith("All_Types", "UNIQUE_KEYS", "k", "largeint", "LARGEINT", "No",
                "true");
        assertThat(doris.sql("d", "SHOW TABLES").rows()).containsExactly(List.of("All_Types"), List.of("t"));
    }

    @Test
    void renameTruncateDrop() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1,\"k2\":\"x\"}");
        long id = Wire.txnId(wire.load("d", "t", json("label", "b", "two_phase_commit", "true"),
                "{\"k\":2,\"k2\":\"y\"}"));
        doris.sql("d", "TRUNCATE TABLE t");
        assertThat(doris.count("d", "t")).isZero();
        assertThat(wire.commit("d", id).get("msg").toString()).endsWith("is already aborted");
        doris.sql("d", "ALTER TABLE t RENAME t2");
        refused("SELECT * FROM t", "Unknown table 't'");
        wire.load("d", "t2", json("label", "c"), "{\"k\":3,\"k2\":\"z\"}");
        assertThat(doris.count("d", "t2")).isEqualTo(1);
        doris.sql("d", "DROP TABLE t2 FORCE");
        doris.sql("d", "DROP TABLE IF EXISTS t2");
        refused("DROP TABLE t2", "Unknown table 't2'");
    }

    @Test
    void showTablesAndShowAlterWithoutADatabaseSayNoneIsSelected() {
        for (String none : new String[] {null, ""}) {
            for (String stmt : List.of("SHOW TABLES", "SHOW ALTER TABLE COLUMN")) {
                assertThatThrownBy(() -> doris.sql(none, stmt)).isInstanceOf(DorisSqlException.class)
                        .hasMessage("errCode = 2, detailMessage = No database selected");
            }
        }
    }

    @Test
    void cancelledJobLeavesTheSchemaAlone() {
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN n BIGINT");
        doris.sql("d", "CANCEL ALTER TABLE COLUMN FROM t");
        assertThat(jobState()).isEqualTo("CANCELLED");
        assertThat(fields()).contains("n int");
        doris.sql("d", "ALTER TABLE t ADD COLUMN z INT");
    }

    @Test
    void aValueThatDoesNotConvertCancelsTheJob() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1,\"k2\":\"x\",\"v\":\"abc\"}");
        doris.sql("d", "ALTER TABLE t MODIFY COLUMN v INT");
        Wire.waitUntil(Duration.ofSeconds(10), () -> jobState().equals("CANCELLED"), "CANCELLED");
        QueryResult r = doris.sql("d", "SHOW ALTER TABLE COLUMN");
        assertThat(r.value(0, "Msg")).contains("abc");
        assertThat(fields()).contains("v varchar(10)");
    }

    @Test
    void insertValuesIsOneStrictLoad() {
        doris.sql("d", "INSERT INTO t (k, k2, v) VALUES (1, 'a', 'x'), (2, 'b', NULL)");
        doris.sql("d", "INSERT INTO d.t VALUES (1, 'a', 'y', 5)");
        assertThat(doris.sql("d", "SELECT k, v, n FROM t ORDER BY k").rows())
                .containsExactly(List.of("1", "y", "5"), java.util.Arrays.asList("2", null, null));
        assertThatThrownBy(() -> doris.sql("d", "INSERT INTO t (k, k2, v) VALUES (3, 'c', 'much too long')"))
                .hasMessageContaining("Insert has filtered data in strict mode");
        assertThat(doris.count("d", "t")).isEqualTo(2);
        refused("INSERT INTO t (k, k2) VALUES (1)", "Column count doesn't match value count");
    }

    @Test
    void syntaxErrorsAndBackticks() {
        assertThatThrownBy(() -> doris.sql("d", "ALTER TABLE t FROBNICATE")).isInstanceOf(DorisSqlException.class)
                .hasMessageContaining("mismatched input 'FROBNICATE'");
        doris.sql("d", "alter table `d`.`t` add column `select` int comment 'a reserved word'");
        assertThat(fields()).contains("select int");
    }
}
