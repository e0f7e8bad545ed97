package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binlogload.dorisdouble.Wire.json;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a load stores: type checks and filtered rows with their ErrorURL, JSON shapes, merge-on-write with the delete
 * sign, MERGE/DELETE, sequence columns and partial updates.
 */
class LoadContentTest {
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE d");
        doris.sql("d", "CREATE TABLE `t` (`k` BIGINT NOT NULL, `s` VARCHAR(4), `n` TINYINT, `d` DATE, "
                + "`dt` DATETIME(3), `m` DECIMAL(5,2), `req` INT NOT NULL DEFAULT '7', `j` JSON) UNIQUE KEY(`k`) "
                + "DISTRIBUTED BY HASH(`k`) BUCKETS AUTO PROPERTIES (\"replication_num\" = \"1\")");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    private String errorLog(Map<String, Object> r) throws Exception {
        HttpResponse<String> log = Wire.CLIENT.send(HttpRequest.newBuilder(URI.create((String) r.get("ErrorURL")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        return log.body();
    }

    @Test
    void valuesAreConvertedToTheColumnTypes() {
        Map<String, Object> r = wire.load("d", "t", json("label", "types"),
                "{\"k\":1,\"s\":\"ab\",\"n\":-128,\"d\":\"2024-02-29\",\"dt\":\"2024-01-02 03:04:05.123456\","
                + "\"m\":\"123.456\",\"j\":{\"a\":[1,2]},\"unknown\":\"ignored\"}\n");
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 1);
        Map<String, Object> row = doris.rows("d", "t").get(0);
        assertThat(row).containsEntry("k", 1L).containsEntry("s", "ab").containsEntry("n", -128)
                .containsEntry("d", LocalDate.of(2024, 2, 29))
                .containsEntry("dt", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000))
                .containsEntry("m", new BigDecimal("123.46")).containsEntry("req", 7)
                .containsEntry("j", "{\"a\":[1,2]}");
        assertThat(row).doesNotContainKey("unknown").doesNotContainKey(Column.DELETE_SIGN);
    }

    @Test
    void rowsThatDoNotFitAreFilteredAndListedAtTheErrorUrl() throws Exception {
        String body = "{\"k\":1,\"s\":\"toolong\"}\n"          // VARCHAR(4) counts bytes
                + "{\"k\":2,\"s\":\"äää\"}\n"                  // 6 bytes
                + "{\"k\":3,\"req\":null}\n"                   // NULL into NOT NULL
                + "{\"s\":\"nokey\"}\n"                        // missing key column
                + "{\"k\":5,\"s\":\"ok\"}\n";
        Map<String, Object> r = wire.load("d", "t", json("label", "filtered"), body);
        assertThat(r).containsEntry("Status", "Fail").containsEntry("Message",
                "[DATA_QUALITY_ERROR]too many filtered rows").containsEntry("NumberTotalRows", 5)
                .containsEntry("NumberFilteredRows", 4).containsKey("ErrorURL");
        String log = errorLog(r);
        assertThat(log).contains("column(s) value is incorrect: the length of input is too long than schema. "
                + "input length: 7, schema length: 4").contains("input length: 6")
                .contains("null value for not null column, column=req")
                .contains("null value for not null column, column=k")
                .contains("src line [{\"k\":1,\"s\":\"toolong\"}]");
        assertThat(doris.count("d", "t")).isZero();
    }

    @Test
    void maxFilterRatioLetsALoadWithSomeBadRowsSucceed() {
        Map<String, Object> r = wire.load("d", "t", json("label", "ratio", "max_filter_ratio", "0.5"),
                "{\"k\":1,\"d\":\"2024-13-45\"}\n{\"k\":2,\"n\":300}\n{\"k\":3}\n{\"k\":4}\n");
        // strict mode off: a bad value becomes NULL in a nullable column (docs "load-strict-mode")
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberFilteredRows", 0);
        assertThat(doris.rows("d", "t").get(0)).containsEntry("d", null);
        Map<String, Object> strict = wire.load("d", "t", json("label", "strict", "strict_mode", "true",
                "max_filter_ratio", "0.5"), "{\"k\":10,\"d\":\"2024-13-45\"}\n{\"k\":11,\"n\":300}\n{\"k\":12}\n"
                + "{\"k\":13}\n");
        assertThat(strict).containsEntry("Status", "Success").containsEntry("NumberFilteredRows", 2)
                .containsEntry("NumberLoadedRows", 2).containsKey("ErrorURL");
        assertThat(doris.count("d", "t")).isEqualTo(6);
    }

    @Test
    void malformedLineIsFilteredAndArraysNeedStripOuterArray() {
        Map<String, Object> bad = wire.load("d", "t", json("label", "bad", "max_filter_ratio", "0.9"),
                "{\"k\":1}\n{\"k\":\n{\"k\":2}\n");
        assertThat(bad).containsEntry("Status", "Success").containsEntry("NumberFilteredRows", 1)
                .containsEntry("NumberLoadedRows", 2);
        Map<String, Object> array = wire.load("d", "t", Wire.headers("format", "json", "label", "arr"),
                "[{\"k\":3},{\"k\":4}]");
        assertThat(array).containsEntry("Status", "Fail").containsEntry("Message",
                "[DATA_QUALITY_ERROR]JSON data is array-object, `strip_outer_array` must be TRUE.");
        Map<String, Object> stripped = wire.load("d", "t", Wire.headers("format", "json", "label", "arr2",
                "strip_outer_array", "true"), "[{\"k\":3},\n {\"k\":4}]");
        assertThat(stripped).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 2);
        assertThat(doris.count("d", "t")).isEqualTo(4);
    }

    @Test
    void impossibleDatesAndOutOfRangeNumbersAreFilteredInStrictMode() {
        Map<String, Object> r = wire.load("d", "t", json("label", "dates", "strict_mode", "true",
                "max_filter_ratio", "1"), "{\"k\":1,\"d\":\"2024-02-30\"}\n{\"k\":2,\"dt\":\"2024-01-01 24:00:00\"}\n"
                + "{\"k\":3,\"m\":\"1234.5\"}\n{\"k\":4,\"n\":128}\n{\"k\":5,\"d\":\"2024-02-29 10:00:00\"}\n");
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberFilteredRows", 4)
                .containsEntry("NumberLoadedRows", 1);
        assertThat(doris.rows("d", "t").get(0)).containsEntry("k", 5L).containsEntry("d", LocalDate.of(2024, 2, 29));
    }

    @Test
    void csvIsNotModelled() {
        assertThat(wire.load("d", "t", Wire.headers("label", "csv"), "1,a\n")).containsEntry("Status", "Fail");
    }

    @Test
    void upsertByKeyAndDeleteSignThroughHiddenColumns() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1,\"s\":\"a\"}\n{\"k\":2,\"s\":\"b\"}\n");
        Map<String, Object> r = wire.load("d", "t", json("label", "b", "hidden_columns", "__DORIS_DELETE_SIGN__"),
                "{\"k\":1,\"s\":\"A\",\"__DORIS_DELETE_SIGN__\":0}\n{\"k\":2,\"__DORIS_DELETE_SIGN__\":1}\n"
                + "{\"k\":3,\"s\":\"c\",\"__DORIS_DELETE_SIGN__\":0}\n");
        assertThat(r).containsEntry("Status", "Success");
        assertThat(doris.rows("d", "t")).extracting(m -> m.get("k") + "=" + m.get("s"))
                .containsExactly("1=A", "3=c");
        assertThat(doris.sql("d", "SELECT COUNT(*) FROM t").rows()).isEqualTo(List.of(List.of("2")));
    }

    @Test
    void hiddenColumnsAreIgnoredWhenColumnsIsGiven() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1,\"s\":\"a\"}");
        wire.load("d", "t", json("label", "b", "columns", "k,s", "hidden_columns", "__DORIS_DELETE_SIGN__"),
                "{\"k\":1,\"s\":\"b\",\"__DORIS_DELETE_SIGN__\":1}");
        assertThat(doris.rows("d", "t")).extracting(m -> m.get("s")).containsExactly("b");
    }

    @Test
    void aColumnListNamingAColumnTwiceFails() {
        Map<String, Object> r = wire.load("d", "t", json("label", "dup", "columns", "k,s,S"), "{\"k\":1,\"s\":\"a\"}");
        assertThat(r).containsEntry("Status", "Fail");
        assertThat((String) r.get("Message")).contains("Duplicate column: S");
        assertThat(doris.rows("d", "t")).isEmpty();
    }

    @Test
    void mergeTypeMergeAndDelete() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1}\n{\"k\":2}\n{\"k\":3}\n");
        wire.load("d", "t", json("label", "m", "merge_type", "MERGE", "delete", "__DORIS_DELETE_SIGN__=1"),
                "{\"k\":1,\"__DORIS_DELETE_SIGN__\":1}\n{\"k\":4,\"__DORIS_DELETE_SIGN__\":0}\n");
        assertThat(doris.rows("d", "t")).extracting(m -> m.get("k")).containsExactly(2L, 3L, 4L);
        wire.load("d", "t", json("label", "del", "merge_type", "DELETE"), "{\"k\":2}\n");
        assertThat(doris.rows("d", "t")).extracting(m -> m.get("k")).containsExactly(3L, 4L);
        assertThat(wire.load("d", "t", json("label", "nomerge", "merge_type", "MERGE"), "{\"k\":9}"))
                .containsEntry("Status", "Fail");
    }

    @Test
    void hiddenSequenceColumnOrdersRowsOfOneKey() {
        doris.sql("d", "CREATE TABLE s (k INT NOT NULL, v VARCHAR(10)) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) "
                + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"BIGINT\")");
        Map<String, Object> noSeq = wire.load("d", "s", json("label", "noseq"), "{\"k\":1,\"v\":\"x\"}");
        assertThat(noSeq).containsEntry("Status", "Fail").containsEntry("Message", "[ANALYSIS_ERROR]errCode = 2, "
                + "detailMessage = Table s has sequence column, need to specify the sequence column");
        Map<String, Object> hiddenOnly = wire.load("d", "s", json("label", "hidden", "hidden_columns",
                "__DORIS_DELETE_SIGN__,__DORIS_SEQUENCE_COL__"), "{\"k\":1,\"v\":\"x\",\"__DORIS_SEQUENCE_COL__\":1}");
        assertThat((String) hiddenOnly.get("Message")).endsWith("need to specify the sequence column");
        Map<String, Object> unknownSource = wire.load("d", "s", json("label", "unknown",
                "function_column.sequence_col", "pos"), "{\"k\":1,\"v\":\"x\",\"pos\":1}");
        assertThat((String) unknownSource.get("Message")).endsWith("There is no sequence column pos in the s or "
                + "the COLUMNS and SET clause");
        wire.load("d", "s", json("label", "a", "columns", "k,v,pos,__DORIS_DELETE_SIGN__",
                "function_column.sequence_col", "pos"),
                "{\"k\":1,\"v\":\"new\",\"pos\":10,\"__DORIS_DELETE_SIGN__\":0}\n"
                + "{\"k\":1,\"v\":\"old\",\"pos\":5,\"__DORIS_DELETE_SIGN__\":0}\n"
                + "{\"k\":2,\"v\":\"b\",\"pos\":7,\"__DORIS_DELETE_SIGN__\":0}\n");
        assertThat(doris.rows("d", "s")).extracting(m -> m.get("v")).containsExactly("new", "b");
        // a delete with a lower sequence is ignored; one with a higher sequence deletes
        wire.load("d", "s", json("label", "b", "hidden_columns", "__DORIS_DELETE_SIGN__,__DORIS_SEQUENCE_COL__",
                "function_column.sequence_col", "__DORIS_SEQUENCE_COL__"),
                "{\"k\":1,\"__DORIS_SEQUENCE_COL__\":3,\"__DORIS_DELETE_SIGN__\":1}\n"
                + "{\"k\":2,\"__DORIS_SEQUENCE_COL__\":8,\"__DORIS_DELETE_SIGN__\":1}\n");
        assertThat(doris.rows("d", "s")).extracting(m -> m.get("v")).containsExactly("new");
        // the delete left its sequence behind: an older insert of key 2 stays invisible
        wire.load("d", "s", json("label", "c", "columns", "k,v,pos", "function_column.sequence_col", "pos"),
                "{\"k\":2,\"v\":\"stale\",\"pos\":7}");
        assertThat(doris.count("d", "s")).isEqualTo(1);
        assertThat((String) wire.load("d", "t", json("label", "noseqtable", "function_column.sequence_col", "k"),
                "{\"k\":1}").get("Message")).endsWith("There is no sequence column in the table t");
    }

    @Test
    void anEqualSequenceReplacesAndBaseCompactionForgetsADeleteMarker() {
        doris.sql("d", "CREATE TABLE s3 (k INT NOT NULL, v VARCHAR(10)) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) "
                + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_type\" = \"BIGINT\")");
        Map<String, String> seq = json("columns", "k,v,pos,__DORIS_DELETE_SIGN__", "function_column.sequence_col", "pos");
        wire.load("d", "s3", withLabel(seq, "a"), "{\"k\":1,\"v\":\"first\",\"pos\":5,\"__DORIS_DELETE_SIGN__\":0}");
        // BE Segment::lookup_row_key refuses only a lower sequence: an equal one replaces the stored row
        wire.load("d", "s3", withLabel(seq, "b"), "{\"k\":1,\"v\":\"second\",\"pos\":5,\"__DORIS_DELETE_SIGN__\":0}");
        assertThat(doris.rows("d", "s3")).extracting(m -> m.get("v")).containsExactly("second");
        wire.load("d", "s3", withLabel(seq, "c"), "{\"k\":1,\"v\":null,\"pos\":9,\"__DORIS_DELETE_SIGN__\":1}");
        wire.load("d", "s3", withLabel(seq, "d"), "{\"k\":1,\"v\":\"stale\",\"pos\":7,\"__DORIS_DELETE_SIGN__\":0}");
        assertThat(doris.count("d", "s3")).isZero();
        // a base compaction drops the marker and its sequence: the same stale load now brings the key back
        assertThat(doris.baseCompaction("d", "s3")).isEqualTo(1);
        wire.load("d", "s3", withLabel(seq, "e"), "{\"k\":1,\"v\":\"stale\",\"pos\":7,\"__DORIS_DELETE_SIGN__\":0}");
        assertThat(doris.rows("d", "s3")).extracting(m -> m.get("v")).containsExactly("stale");
    }

    private static Map<String, String> withLabel(Map<String, String> headers, String label) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("label", label);
        return h;
    }

    @Test
    void sequenceColPropertyMapsAValueColumn() {
        doris.sql("d", "CREATE TABLE s2 (k INT NOT NULL, v VARCHAR(10), ts DATETIME) UNIQUE KEY(k) "
                + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\", "
                + "\"function_column.sequence_col\" = \"ts\")");
        wire.load("d", "s2", json("label", "a"), "{\"k\":1,\"v\":\"b\",\"ts\":\"2024-01-02 00:00:00\"}\n"
                + "{\"k\":1,\"v\":\"a\",\"ts\":\"2024-01-01 00:00:00\"}\n");
        assertThat(doris.rows("d", "s2")).extracting(m -> m.get("v")).containsExactly("b");
        assertThat(doris.sql("d", "DROP TABLE s2").isResultSet()).isFalse();
    }

    @Test
    void partialColumnsKeepTheOtherValuesAndNeedTheKeys() {
        wire.load("d", "t", json("label", "a"), "{\"k\":1,\"s\":\"a\",\"n\":5}");
        Map<String, Object> r = wire.load("d", "t", json("label", "p", "partial_columns", "true",
                "columns", "k,n"), "{\"k\":1,\"n\":6}\n{\"k\":2,\"n\":1}\n");
        assertThat(r).containsEntry("Status", "Success");
        assertThat(doris.rows("d", "t")).extracting(m -> m.get("k") + ":" + m.get("s") + ":" + m.get("n")
                + ":" + m.get("req")).containsExactly("1:a:6:7", "2:null:1:7");
        Map<String, Object> noKey = wire.load("d", "t", json("label", "p2", "partial_columns", "true",
                "columns", "s"), "{\"s\":\"x\"}");
        assertThat(noKey).containsEntry("Status", "Fail");
        assertThat((String) noKey.get("Message")).contains("Partial update should include all key columns, "
                + "missing: k");
    }

    @Test
    void aFullRowMissingANotNullColumnWithoutDefaultIsFiltered() {
        doris.sql("d", "CREATE TABLE nn (k INT NOT NULL, must INT NOT NULL) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) "
                + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        Map<String, Object> r = wire.load("d", "nn", json("label", "a"), "{\"k\":1}");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("NumberFilteredRows", 1);
    }

    @Test
    void duplicateKeyTablesKeepEveryRow() {
        doris.sql("d", "CREATE TABLE dup (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 "
                + "PROPERTIES (\"replication_num\" = \"1\")");
        wire.load("d", "dup", json("label", "a"), "{\"k\":1,\"v\":1}\n{\"k\":1,\"v\":1}\n");
        assertThat(doris.count("d", "dup")).isEqualTo(2);
        assertThat(wire.load("d", "dup", json("label", "b", "merge_type", "DELETE"), "{\"k\":1}"))
                .containsEntry("Status", "Fail");
    }

    @Test
    void checksumFollowsContent() {
        doris.sql("d", "CREATE TABLE c1 (k INT NOT NULL, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 "
                + "PROPERTIES (\"replication_num\" = \"1\")");
        doris.sql("d", "CREATE TABLE c2 (k INT NOT NULL, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 "
                + "PROPERTIES (\"replication_num\" = \"1\")");
        wire.load("d", "c1", json("label", "a"), "{\"k\":2,\"v\":2}\n{\"k\":1,\"v\":1}\n");
        wire.load("d", "c2", json("label", "b"), "{\"k\":1,\"v\":1}\n{\"k\":2,\"v\":2}\n");
        assertThat(doris.checksum("d", "c1")).isEqualTo(doris.checksum("d", "c2"));
        wire.load("d", "c2", json("label", "c"), "{\"k\":2,\"v\":3}");
        assertThat(doris.checksum("d", "c1")).isNotEqualTo(doris.checksum("d", "c2"));
        assertThat(doris.sql("d", "SELECT * FROM c2 ORDER BY k").rows())
                .isEqualTo(List.of(List.of("1", "1"), List.of("2", "3")));
    }
}
