package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binlogload.dorisdouble.Wire.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Labels and two-phase commit (docs "transaction", "stream-load-manual"; BE stream_load_2pc.cpp). */
class TransactionTest {
    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }
    }

    private final ManualClock clock = new ManualClock();
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().clock(clock).precommitTimeout(Duration.ofMinutes(10))
                .labelRetention(Duration.ofHours(1)).start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE d");
        doris.sql("d", "CREATE TABLE t (k INT NOT NULL, v VARCHAR(8)) UNIQUE KEY(k) "
                + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    private Map<String, Object> load(String label, boolean twoPc, String body) {
        return wire.load("d", "t", json("label", label, "two_phase_commit", String.valueOf(twoPc)), body);
    }

    @Test
    void aFinishedLabelCannotBeReusedUntilRetentionPasses() {
        Map<String, Object> first = load("job1_t_1_2", false, "{\"k\":1,\"v\":\"a\"}");
        Map<String, Object> again = load("job1_t_1_2", false, "{\"k\":1,\"v\":\"b\"}");
        assertThat(again).containsEntry("Status", "Label Already Exists").containsEntry("ExistingJobStatus",
                "FINISHED").containsEntry("TxnId", -1).containsEntry("Message", "errCode = 2, detailMessage = Label "
                + "[job1_t_1_2] has already been used, relate to txn [" + Wire.txnId(first) + "]");
        assertThat(again.keySet()).containsSubsequence("Status", "ExistingJobStatus", "Message");
        assertThat(doris.rows("d", "t").get(0)).containsEntry("v", "a");

        clock.advance(Duration.ofHours(1));
        assertThat(load("job1_t_1_2", false, "{\"k\":1,\"v\":\"b\"}")).containsEntry("Status", "Success");
        assertThat(doris.rows("d", "t").get(0)).containsEntry("v", "b");
    }

    @Test
    void aPrecommittedLabelReportsPrecommittedAndAnAbortedLabelIsFreeAtOnce() {
        Map<String, Object> pre = load("l", true, "{\"k\":1,\"v\":\"a\"}");
        assertThat(load("l", true, "{\"k\":1,\"v\":\"a\"}")).containsEntry("Status", "Label Already Exists")
                .containsEntry("ExistingJobStatus", "PRECOMMITTED");
        assertThat(wire.abort("d", Wire.txnId(pre))).isEqualTo(Map.of("status", "Success",
                "msg", "transaction [" + Wire.txnId(pre) + "] abort successfully."));
        Map<String, Object> reuse = load("l", true, "{\"k\":2,\"v\":\"b\"}");
        assertThat(reuse).containsEntry("Status", "Success");
        assertThat(Wire.txnId(reuse)).isGreaterThan(Wire.txnId(pre));
    }

    @Test
    void invalidLabelIsRefused() {
        Map<String, Object> r = load("bad label!", false, "{\"k\":1}");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("Message", "errCode = 2, detailMessage = "
                + "Label format error. regex: ^[-_A-Za-z0-9:]{1,128}$, label: bad label!");
        assertThat(load("x".repeat(129), false, "{\"k\":1}")).containsEntry("Status", "Fail");
        assertThat(load("ok-_:9", false, "{\"k\":1}")).containsEntry("Status", "Success");
    }

    @Test
    void commitTwiceSaysAlreadyVisibleAndAbortAfterCommitIsRefused() {
        long id = Wire.txnId(load("c", true, "{\"k\":1,\"v\":\"a\"}"));
        assertThat(wire.commit("d", id)).containsEntry("status", "Success");
        assertThat(wire.commit("d", id)).containsEntry("status", "ANALYSIS_ERROR").containsEntry("msg",
                "errCode = 2, detailMessage = transaction [" + id + "] is already VISIBLE, not pre-committed.");
        assertThat(wire.abort("d", id).get("msg").toString()).contains("is already VISIBLE");
        assertThat(doris.count("d", "t")).isEqualTo(1);
    }

    @Test
    void commitAfterAbortSaysAlreadyAborted() {
        long id = Wire.txnId(load("a", true, "{\"k\":1,\"v\":\"a\"}"));
        assertThat(wire.abort("d", id)).containsEntry("status", "Success");
        assertThat(wire.commit("d", id)).containsEntry("msg", "errCode = 2, detailMessage = transaction [" + id
                + "] is already aborted");
        assertThat(doris.count("d", "t")).isZero();
    }

    @Test
    void unknownTransactionIsNotFound() {
        assertThat(wire.commit("d", 424242)).containsEntry("status", "ANALYSIS_ERROR")
                .containsEntry("msg", "errCode = 2, detailMessage = transaction [424242] not found");
    }

    @Test
    void precommittedTransactionExpiresAfterTheTimeout() {
        long id = Wire.txnId(load("e", true, "{\"k\":1,\"v\":\"a\"}"));
        clock.advance(Duration.ofMinutes(9));
        assertThat(load("e", true, "{\"k\":1}")).containsEntry("ExistingJobStatus", "PRECOMMITTED");
        clock.advance(Duration.ofMinutes(1));
        assertThat(wire.commit("d", id)).containsEntry("msg", "errCode = 2, detailMessage = transaction [" + id
                + "] not found");
        assertThat(doris.count("d", "t")).isZero();
        assertThat(load("e", true, "{\"k\":1,\"v\":\"z\"}")).containsEntry("Status", "Success");
    }

    @Test
    void twoPhaseCommitByLabel() {
        load("bylabel", true, "{\"k\":5,\"v\":\"a\"}");
        Map<String, Object> r = wire.twoPc("d", Map.of("label", "bylabel", "txn_operation", "commit"));
        assertThat(r).containsEntry("status", "Success");
        assertThat(doris.count("d", "t")).isEqualTo(1);
    }

    @Test
    void feRefusesTwoPhaseCommitWithoutIdOrOperation() {
        assertThat(wire.twoPc("d", Map.of("txn_operation", "commit"))).isEqualTo(Map.of("status", "FAILED",
                "msg", "No transaction id or label selected."));
        assertThat(wire.twoPc("d", Map.of("txn_id", "1"))).isEqualTo(Map.of("status", "FAILED",
                "msg", "No transaction operation('commit' or 'abort') selected."));
    }

    @Test
    void aTransactionOfAnotherDatabaseIsNotFound() {
        doris.sql(null, "CREATE DATABASE other");
        long id = Wire.txnId(load("x", true, "{\"k\":1,\"v\":\"a\"}"));
        assertThat(wire.commit("other", id).get("msg").toString()).endsWith("not found");
    }

    @Test
    void labelsAreScopedPerDatabase() {
        doris.sql(null, "CREATE DATABASE d2");
        doris.sql("d2", "CREATE TABLE t (k INT NOT NULL) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 "
                + "PROPERTIES (\"replication_num\" = \"1\")");
        assertThat(load("same", false, "{\"k\":1}")).containsEntry("Status", "Success");
        assertThat(wire.load("d2", "t", json("label", "same"), "{\"k\":1}")).containsEntry("Status", "Success");
    }

    @Test
    void aLabelOfALoadStillReadingItsBodyIsRunning() throws Exception {
        try (Socket s = new Socket("127.0.0.1", doris.bePort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/d/t/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + wire.auth()
                    + "\r\nformat: json\r\nread_json_by_line: true\r\nlabel: busy\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = "{\"k\":1,\"v\":\"a\"}\n";
            out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Wire.waitUntil(Duration.ofSeconds(5), () -> "RUNNING".equals(load("busy", false, "{\"k\":2}")
                    .get("ExistingJobStatus")), "the running label");
            assertThat(doris.count("d", "t")).isZero();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().contains("CommitAndPublishTimeMs")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                sb.append((char) c);
            }
            assertThat(sb.toString()).contains("\"Status\":\"Success\"");
        }
        assertThat(doris.count("d", "t")).isEqualTo(1);
    }

    @Test
    void concurrentLoadsOfManyLabelsAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Object>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    StringBuilder body = new StringBuilder();
                    for (int r = 0; r < 50; r++) {
                        body.append("{\"k\":").append(n * 50 + r).append(",\"v\":\"x\"}\n");
                    }
                    Map<String, Object> pre = load("c" + n, true, body.toString());
                    return wire.commit("d", Wire.txnId(pre));
                }));
            }
            for (Future<Map<String, Object>> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).containsEntry("status", "Success");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(doris.count("d", "t")).isEqualTo(2000);
    }
}
