package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.binlogload.dorisdouble.Wire.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every injected fault, global and per table. */
class FaultsTest {
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE d");
        for (String t : new String[] {"t", "u"}) {
            doris.sql("d", "CREATE TABLE " + t + " (k INT NOT NULL, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) "
                    + "BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
        }
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    @Test
    void failNextLoadsFailsThenRecoversAndFreesTheLabel() {
        doris.faults().failNextLoads(1, "[INTERNAL_ERROR]disk full");
        Map<String, Object> r = wire.load("d", "t", json("label", "l"), "{\"k\":1}");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("Message", "[INTERNAL_ERROR]disk full");
        assertThat(doris.count("d", "t")).isZero();
        assertThat(wire.load("d", "t", json("label", "l"), "{\"k\":1}")).containsEntry("Status", "Success");
    }

    @Test
    void tableScopedFaultsTouchOnlyThatTable() {
        doris.faults().table("d", "u").failNextLoads(2);
        assertThat(wire.load("d", "t", json("label", "a"), "{\"k\":1}")).containsEntry("Status", "Success");
        assertThat(wire.load("d", "u", json("label", "b"), "{\"k\":1}")).containsEntry("Status", "Fail")
                .containsEntry("Message", Faults.DEFAULT_LOAD_FAILURE);
        assertThat(wire.load("d", "u", json("label", "c"), "{\"k\":1}")).containsEntry("Status", "Fail");
        assertThat(wire.load("d", "u", json("label", "d"), "{\"k\":1}")).containsEntry("Status", "Success");
    }

    @Test
    void failNextCommitsKeepsTheTransactionPrecommitted() {
        long id = Wire.txnId(wire.load("d", "t", json("label", "p", "two_phase_commit", "true"), "{\"k\":1}"));
        doris.faults().failNextCommits(1);
        assertThat(wire.commit("d", id)).containsEntry("status", "INTERNAL_ERROR");
        assertThat(doris.count("d", "t")).isZero();
        assertThat(wire.commit("d", id)).containsEntry("status", "Success");
        assertThat(doris.count("d", "t")).isEqualTo(1);
    }

    @Test
    void delayLoadsDelaysTheAnswer() {
        doris.faults().table("d", "t").delayLoads(Duration.ofMillis(400));
        long start = System.nanoTime();
        assertThat(wire.load("d", "t", json("label", "slow"), "{\"k\":1}")).containsEntry("Status", "Success");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        doris.faults().clear();
        start = System.nanoTime();
        wire.load("d", "t", json("label", "fast"), "{\"k\":2}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void publishTimeoutCommitsButShowsTheRowsLater() {
        doris.faults().publishTimeoutNext(1);
        Map<String, Object> r = wire.load("d", "t", json("label", "pt"), "{\"k\":1}");
        assertThat(r).containsEntry("Status", "Publish Timeout");
        assertThat(wire.load("d", "t", json("label", "pt"), "{\"k\":1}")).containsEntry("ExistingJobStatus",
                "FINISHED");
        Wire.waitUntil(Duration.ofSeconds(5), () -> doris.count("d", "t") == 1, "the late publish");
    }

    @Test
    void dropConnectionMidBodyAbortsTheLoad() throws Exception {
        doris.faults().dropConnectionMidBodyNext(1);
        try (Socket s = new Socket("127.0.0.1", doris.bePort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/d/t/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + wire.auth()
                    + "\r\nformat: json\r\nread_json_by_line: true\r\nlabel: drop\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = "{\"k\":1}\n";
            out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(doris.count("d", "t")).isZero();
        // the label of the aborted load is free again
        Wire.waitUntil(Duration.ofSeconds(5), () -> "Success".equals(
                wire.load("d", "t", json("label", "drop2"), "{\"k\":1}").get("Status")), "a load after the drop");
        assertThat(wire.load("d", "t", json("label", "drop"), "{\"k\":2}")).containsEntry("Status", "Success");
    }

    @Test
    void dropConnectionIsSeenByAnHttpClient() {
        doris.faults().table("d", "t").dropConnectionMidBodyNext(1);
        assertThatThrownBy(() -> wire.load("d", "t", json("label", "x"), "{\"k\":1}\n".repeat(1000)))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void serverErrorNextAnswersTheStatusOnTheFe() {
        doris.faults().serverErrorNext(1, 503);
        HttpResponse<String> r = wire.put("http://" + doris.feAddress() + "/api/d/t/_stream_load",
                json("label", "e"), HttpRequest.BodyPublishers.ofString("{\"k\":1}"), false);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(wire.load("d", "t", json("label", "e"), "{\"k\":1}")).containsEntry("Status", "Success");
    }

    @Test
    void expirePrecommittedMakesTheCommitNotFound() {
        long a = Wire.txnId(wire.load("d", "t", json("label", "a", "two_phase_commit", "true"), "{\"k\":1}"));
        long b = Wire.txnId(wire.load("d", "t", json("label", "b", "two_phase_commit", "true"), "{\"k\":2}"));
        long c = Wire.txnId(wire.load("d", "u", json("label", "c", "two_phase_commit", "true"), "{\"k\":3}"));
        assertThat(doris.faults().expirePrecommitted("d", "a")).isTrue();
        assertThat(wire.commit("d", a).get("msg").toString()).endsWith("transaction [" + a + "] not found");
        assertThat(doris.faults().expireAllPrecommitted()).isEqualTo(2);
        assertThat(wire.commit("d", b).get("msg").toString()).endsWith("not found");
        assertThat(wire.commit("d", c).get("msg").toString()).endsWith("not found");
        assertThat(doris.faults().expirePrecommitted("d", "a")).isFalse();
    }
}
