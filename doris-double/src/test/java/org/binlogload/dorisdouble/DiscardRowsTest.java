package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binlogload.dorisdouble.Wire.json;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discarding mode: loads and 2PC answer as usual, the rows are counted and none is kept. */
class DiscardRowsTest {
    @Test
    void aLoadCountsItsLinesCommitsAndKeepsNoRow() {
        try (DorisDouble doris = DorisDouble.builder().discardRows().start()) {
            doris.sql(null, "CREATE DATABASE d");
            doris.sql("d", "CREATE TABLE t (k INT NOT NULL, v VARCHAR(8)) UNIQUE KEY(k) "
                    + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
            Wire wire = new Wire(doris);
            Map<String, Object> r = wire.load("d", "t", json("label", "l1", "two_phase_commit", "true",
                    "read_json_by_line", "true"), "{\"k\":1,\"v\":\"a\"}\n{\"k\":2,\"v\":\"b\"}\n{\"k\":3}");
            assertThat(r).containsEntry("Status", "Success").containsEntry("NumberTotalRows", 3)
                    .containsEntry("NumberLoadedRows", 3);
            assertThat(wire.commit("d", Wire.txnId(r))).containsEntry("status", "Success");
            assertThat(doris.count("d", "t")).isZero();
        }
    }
}
