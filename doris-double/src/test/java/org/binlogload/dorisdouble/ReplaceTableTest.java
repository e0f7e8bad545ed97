package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binlogload.dorisdouble.Wire.json;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ALTER TABLE a REPLACE WITH TABLE b}, as Doris's "ALTER TABLE REPLACE" documents it. */
class ReplaceTableTest {
    private DorisDouble doris;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().start();
        doris.sql(null, "CREATE DATABASE d");
        for (String t : List.of("a", "b")) {
            doris.sql("d", "CREATE TABLE " + t + " (k INT NOT NULL, v VARCHAR(10)) UNIQUE KEY(k) "
                    + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        }
        doris.sql("d", "INSERT INTO a VALUES (1, 'old')");
        doris.sql("d", "INSERT INTO b VALUES (2, 'new')");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    private List<Object> keys(String table) {
        return doris.rows("d", table).stream().map((Map<String, Object> r) -> r.get("k")).toList();
    }

    @Test
    void swapFalseDropsTheReplacedTableAndRenamesTheOther() {
        doris.sql("d", "ALTER TABLE a REPLACE WITH TABLE b PROPERTIES (\"swap\" = \"false\")");
        assertThat(keys("a")).containsExactly(2);
        assertThatThrownBy(() -> doris.rows("d", "b")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void swapFalseAbortsTheLoadsInFlightOnTheDroppedTableAsDropTableDoes() {
        Wire wire = new Wire(doris);
        long txn = Wire.txnId(wire.load("d", "a", json("label", "p", "two_phase_commit", "true"),
                "{\"k\":3,\"v\":\"late\"}"));
        doris.sql("d", "ALTER TABLE a REPLACE WITH TABLE b PROPERTIES (\"swap\" = \"false\")");
        assertThat(wire.commit("d", txn).get("msg").toString()).endsWith("is already aborted");
        assertThat(keys("a")).containsExactly(2);
    }

    @Test
    void theDefaultSwapsTheTwoTables() {
        doris.sql("d", "ALTER TABLE a REPLACE WITH TABLE b");
        assertThat(keys("a")).containsExactly(2);
        assertThat(keys("b")).containsExactly(1);
    }
}
