package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.binlogload.dorisdouble.Wire.headers;
import static org.binlogload.dorisdouble.Wire.json;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FE/BE wire protocol: auth, Expect, redirect, body framing, SQL endpoint shapes. */
class ProtocolTest {
    private DorisDouble doris;
    private Wire wire;

    @BeforeEach
    void start() {
        doris = DorisDouble.builder().user("loader").password("s3cret").start();
        wire = new Wire(doris);
        doris.sql(null, "CREATE DATABASE d");
        doris.sql("d", "CREATE TABLE t (k INT NOT NULL, v VARCHAR(8)) UNIQUE KEY(k) "
                + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
    }

    @AfterEach
    void stop() {
        doris.close();
    }

    private String feLoadUrl() {
        return "http://" + doris.feAddress() + "/api/d/t/_stream_load";
    }

    @Test
    void feRedirectsToBeWithTheSamePathAndQuery() {
        HttpResponse<String> r = wire.put(feLoadUrl() + "?x=1", json("label", "a"),
                HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + doris.bePort()
                + "/api/d/t/_stream_load?x=1");
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
    }

    @Test
    void feRefusesMissingOrWrongCredentialsWithItsUnauthorizedBody() {
        HttpResponse<String> wrong = wire.put(feLoadUrl(), headers("Authorization", Wire.basic("loader", "nope")),
                HttpRequest.BodyPublishers.ofString("{}"), false);
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(Wire.parse(wrong.body())).containsEntry("msg", "Unauthorized").containsEntry("code", 401)
                .containsEntry("data", "Access denied for user 'loader'@'127.0.0.1' (using password: YES)");
        Map<String, Object> none = wire.query("d", "SHOW TABLES", null);
        assertThat(none).containsEntry("code", 401).containsEntry("data", "Need auth information.");
    }

    @Test
    void feRefusesALoadWithoutExpectHeader() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(feLoadUrl()))
                .header("Authorization", wire.auth()).header("label", "x")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"k\":1}")).build();
        HttpResponse<String> r = Wire.CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Wire.parse(r.body())).isEqualTo(Map.of("status", "FAILED",
                "msg", "There is no 100-continue header"));
    }

    @Test
    void beRefusesALoadWithoutAuthorization() {
        HttpResponse<String> r = wire.put("http://127.0.0.1:" + doris.bePort() + "/api/d/t/_stream_load",
                headers("Authorization", "Bearer x", "label", "noauth"), HttpRequest.BodyPublishers.ofString("{}"),
                false);
        Map<String, Object> body = Wire.parse(r.body());
        assertThat(body).containsEntry("Status", "Fail").containsEntry("TxnId", -1)
                .containsEntry("Message", "[NOT_AUTHORIZED]no valid Basic authorization");
        assertThat(doris.count("d", "t")).isZero();
    }

    @Test
    void chunkedBodyIsStreamed() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("{\"k\":").append(i).append(",\"v\":\"v").append(i % 100).append("\"}\n");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> r = wire.load("d", "t", json("label", "chunked"),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 5000)
                .containsEntry("LoadBytes", bytes.length);
        assertThat(doris.count("d", "t")).isEqualTo(5000);
    }

    @Test
    void rawSocketLoadWithContentLengthAndExpectGets100ContinueThenTheAnswer() throws Exception {
        byte[] body = "{\"k\":7,\"v\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", doris.bePort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/d/t/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + wire.auth()
                    + "\r\nExpect: 100-continue\r\nformat: json\r\nlabel: raw\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String first = readUntil(in, "\r\n\r\n");
            assertThat(first).startsWith("HTTP/1.1 100 Continue");
            out.write(body);
            out.flush();
            String answer = readUntil(in, "}");
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("\"Status\":\"Success\"");
        }
        assertThat(doris.rows("d", "t")).isEqualTo(List.of(Map.of("k", 7, "v", "x")));
    }

    @Test
    void aTakenLabelIsAnsweredBefore100ContinueAndTheConnectionCloses() throws Exception {
        assertThat(wire.load("d", "t", json("label", "taken"), "{\"k\":1}")).containsEntry("Status", "Success");
        try (Socket s = new Socket("127.0.0.1", doris.bePort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/d/t/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + wire.auth()
                    + "\r\nExpect: 100-continue\r\nformat: json\r\nlabel: taken\r\nContent-Length: 7\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = readUntil(in, "}");
            assertThat(answer).startsWith("HTTP/1.1 200 OK").doesNotContain("100 Continue")
                    .contains("\"Status\":\"Label Already Exists\"").contains("\"ExistingJobStatus\":\"FINISHED\"");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void unknownTableFailsTheLoad() {
        Map<String, Object> r = wire.load("d", "nope", json("label", "x"), "{\"k\":1}");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("Message",
                "errCode = 2, detailMessage = Unknown table 'nope'");
    }

    @Test
    void loadWithoutContentLengthOrChunkingIsRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", doris.bePort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/d/t/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + wire.auth()
                    + "\r\nExpect: 100-continue\r\nformat: json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readUntil(s.getInputStream(), "}");
            assertThat(answer).contains("\"Status\":\"Fail\"").contains("content_length is empty and "
                    + "transfer-encoding!=chunked");
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().contains(end)) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        if (end.equals("}")) {
            // read to the end of the JSON body
            int depth = 0;
            String text = sb.toString();
            int open = text.indexOf('{');
            for (int i = open; i >= 0 && i < text.length(); i++) {
                depth += text.charAt(i) == '{' ? 1 : text.charAt(i) == '}' ? -1 : 0;
            }
            while (depth > 0) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                sb.append((char) c);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
        }
        return sb.toString();
    }

    @Test
    void sqlEndpointAnswersResultSetsExecStatusAndErrorsAsDorisDoes() {
        Map<String, Object> ok = wire.query("d", "ALTER TABLE t ADD COLUMN c INT");
        assertThat(ok).containsEntry("msg", "success").containsEntry("code", 0).containsEntry("count", 0);
        assertThat(((Map<?, ?>) ok.get("data")).get("type")).isEqualTo("exec_status");

        Map<String, Object> rs = wire.query("d", "show tables");
        assertThat(rs).containsEntry("code", 0);
        Map<?, ?> data = (Map<?, ?>) rs.get("data");
        assertThat(data.get("type")).isEqualTo("result_set");
        assertThat(data.get("meta")).isEqualTo(List.of(Map.of("name", "Tables_in_d", "type", "CHAR")));
        assertThat(data.get("data")).isEqualTo(List.of(List.of("t")));

        Map<String, Object> err = wire.query("d", "DROP TABLE nope");
        assertThat(err).containsEntry("code", 1).containsEntry("msg", "Error")
                .containsEntry("data", "Failed to execute sql: java.sql.SQLException: errCode = 2, "
                        + "detailMessage = Unknown table 'nope'");

        Map<String, Object> syntax = wire.query("d", "FROB t");
        assertThat((String) syntax.get("data")).contains("errCode = 2, detailMessage = ")
                .contains("mismatched input 'FROB'");
    }

    @Test
    void backendsApiListsTheBe() {
        HttpResponse<String> r;
        try {
            r = Wire.CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + doris.feAddress()
                    + "/api/backends?is_alive=true")).header("Authorization", wire.auth()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, Object> body = Wire.parse(r.body());
        assertThat(body).containsEntry("code", 0);
        assertThat(body.get("data").toString()).contains("http_port=" + doris.bePort());
    }
}
