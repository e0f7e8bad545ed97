package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CREATE TABLE definitions FE rejects (Nereids CreateTableInfo.validateKeyColumns, DorisParser.g4 createTable). */
class CreateTableTest {
    private static final String TAIL = " DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")";
    private DorisDouble doris;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().start();
        doris.sql(null, "CREATE DATABASE d");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    private void refused(String stmt, String detail) {
        assertThatThrownBy(() -> doris.sql("d", stmt)).isInstanceOf(DorisSqlException.class)
                .hasMessage("errCode = 2, detailMessage = " + detail);
    }

    @Test
    void aKeyColumnNamedTwiceIsRefusedAsFeRefusesIt() {
        refused("CREATE TABLE t (id INT NOT NULL) UNIQUE KEY(id, id)" + TAIL,
                "The number of key columns should be less than the number of columns.");
        refused("CREATE TABLE t (id INT NOT NULL, v INT) UNIQUE KEY(id, id)" + TAIL,
                "Key columns should be a ordered prefix of the schema. KeyColumns[1] (starts from zero) is id, "
                        + "but corresponding column is v in the previous columns declaration.");
    }

    @Test
    void indexDefinitionsOnlyFollowTheColumnsInTheGrammar() {
        String onlyIndex = "CREATE TABLE t (INDEX i (id) USING INVERTED)" + TAIL;
        assertThatThrownBy(() -> doris.sql("d", onlyIndex)).isInstanceOf(DorisSqlException.class)
                .hasMessageContaining("mismatched input 'INDEX'")
                .hasMessageContaining("(line 1, pos " + onlyIndex.indexOf("INDEX") + ")");
        String columnAfterIndex = "CREATE TABLE t (id INT NOT NULL, INDEX i (id) USING INVERTED, v INT)" + TAIL;
        assertThatThrownBy(() -> doris.sql("d", columnAfterIndex)).isInstanceOf(DorisSqlException.class)
                .hasMessageContaining("mismatched input 'v'")
                .hasMessageContaining("(line 1, pos " + (columnAfterIndex.indexOf(" v INT") + 1) + ")");
        doris.sql("d", "CREATE TABLE t (id INT NOT NULL, v INT, INDEX i (id) USING INVERTED)" + TAIL);
    }

    @Test
    void anIndexDefinitionCutOffAtTheEndIsASyntaxError() {
        String cut = "CREATE TABLE t (id INT NOT NULL, INDEX i (id";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> // it used to skip the index's parentheses forever
                assertThatThrownBy(() -> doris.sql("d", cut)).isInstanceOf(DorisSqlException.class)
                        .hasMessageContaining("mismatched input"));
    }
}
