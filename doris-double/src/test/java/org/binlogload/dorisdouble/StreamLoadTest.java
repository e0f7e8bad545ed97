package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binlogload.dorisdouble.Wire.json;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamLoadTest {
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE d");
        doris.sql("d", "CREATE TABLE t (k INT NOT NULL, v VARCHAR(8)) UNIQUE KEY(k) "
                + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    @Test
    void loadWithoutTwoPhaseCommitIsVisibleAtOnce() {
        Map<String, Object> r = wire.load("d", "t", json("label", "l1"), "{\"k\":1,\"v\":\"a\"}\n{\"k\":2,\"v\":\"b\"}\n");
        assertThat(r).containsEntry("Status", "Success").containsEntry("Label", "l1")
                .containsEntry("TwoPhaseCommit", "false").containsEntry("Message", "OK")
                .containsEntry("NumberTotalRows", 2).containsEntry("NumberLoadedRows", 2)
                .containsEntry("NumberFilteredRows", 0);
        assertThat(r.keySet()).startsWith("TxnId", "Label", "Comment", "TwoPhaseCommit", "Status", "Message")
                .contains("LoadBytes", "LoadTimeMs", "BeginTxnTimeMs", "StreamLoadPutTimeMs", "ReadDataTimeMs",
                        "WriteDataTimeMs", "CommitAndPublishTimeMs", "NumberUnselectedRows");
        assertThat(doris.rows("d", "t")).isEqualTo(List.of(Map.of("k", 1, "v", "a"), Map.of("k", 2, "v", "b")));
    }

    @Test
    void twoPhaseCommitHidesRowsUntilCommit() {
        Map<String, Object> r = wire.load("d", "t", json("label", "l2", "two_phase_commit", "true"),
                "{\"k\":1,\"v\":\"a\"}");
        assertThat(r).containsEntry("Status", "Success").containsEntry("TwoPhaseCommit", "true");
        assertThat(doris.count("d", "t")).isZero();
        Map<String, Object> c = wire.commit("d", Wire.txnId(r));
        assertThat(c).isEqualTo(Map.of("status", "Success",
                "msg", "transaction [" + Wire.txnId(r) + "] commit successfully."));
        assertThat(doris.count("d", "t")).isEqualTo(1);
    }
}
