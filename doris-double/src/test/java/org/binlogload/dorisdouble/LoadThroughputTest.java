package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binlogload.dorisdouble.Wire.json;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One Stream Load of 1,000,000 JSON lines, chunked, with 2PC: the body is generated while it is sent and parsed while
 * it arrives; prints MB/s and rows/s so end-to-end figures can tell whether the double is the bottleneck.
 */
class LoadThroughputTest {
    static final int ROWS = 1_000_000;
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE bench");
        doris.sql("bench", "CREATE TABLE t (id BIGINT NOT NULL, name VARCHAR(64), amount DECIMAL(12,2), "
                + "ts DATETIME(6), flag BOOLEAN) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS AUTO "
                + "PROPERTIES (\"replication_num\" = \"1\")");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    /** Generates the JSON lines on demand. */
    static final class Lines extends InputStream {
        private int row;
        private byte[] cur = new byte[0];
        private int pos;
        long bytes;

        private boolean fill() {
            if (row >= ROWS) {
                return false;
            }
            String line = "{\"id\":" + row + ",\"name\":\"name-" + row + "\",\"amount\":" + (row % 100000) + "."
                    + (row % 100) + ",\"ts\":\"2024-01-01 00:00:00.000001\",\"flag\":" + (row % 2 == 0)
                    + ",\"__DORIS_DELETE_SIGN__\":0}\n";
            cur = line.getBytes(StandardCharsets.UTF_8);
            bytes += cur.length;
            pos = 0;
            row++;
            return true;
        }

        @Override
        public int read() {
            if (pos >= cur.length && !fill()) {
                return -1;
            }
            return cur[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                if (pos >= cur.length && !fill()) {
                    break;
                }
                int k = Math.min(len - n, cur.length - pos);
                System.arraycopy(cur, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            return n == 0 ? -1 : n;
        }
    }

    @Test
    void loadsAMillionRowsStreamingWithTwoPhaseCommit() {
        Lines[] last = new Lines[1];
        long start = System.nanoTime();
        Map<String, Object> r = wire.load("bench", "t", json("label", "bench_1m", "two_phase_commit", "true",
                "hidden_columns", "__DORIS_DELETE_SIGN__"), HttpRequest.BodyPublishers.ofInputStream(() -> {
                    last[0] = new Lines();
                    return last[0];
                }));
        long loaded = System.nanoTime();
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", ROWS);
        assertThat(wire.commit("bench", Wire.txnId(r))).containsEntry("status", "Success");
        long committed = System.nanoTime();
        assertThat(doris.count("bench", "t")).isEqualTo(ROWS);
        double secs = (loaded - start) / 1e9;
        double mb = ((Number) r.get("LoadBytes")).longValue() / 1e6;
        System.out.printf(Locale.ROOT, "doris-double load: %d rows, %.1f MB in %.2f s = %.1f MB/s, %.0f rows/s; "
                + "commit+publish %.2f s%n", ROWS, mb, secs, mb / secs, ROWS / secs, (committed - loaded) / 1e9);
    }
}
