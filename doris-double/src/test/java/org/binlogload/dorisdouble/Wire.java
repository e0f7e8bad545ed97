package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Raw HTTP against the double, as a Doris client speaks it (test support). */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final DorisDouble doris;

    Wire(DorisDouble doris) {
        this.doris = doris;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    String auth() {
        return basic(doris.user(), doris.password());
    }

    /** A PUT with Expect: 100-continue and the given headers (Authorization added when absent). */
    HttpResponse<String> put(String url, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        return put(url, headers, body, true);
    }

    /**
     * A PUT; {@code expect} sends Expect: 100-continue. (JDK 17's client hangs when a server answers an Expect request
     * with a final non-redirect response before 100, so tests of early refusals send no Expect or use a socket.)
     */
    HttpResponse<String> put(String url, Map<String, String> headers, HttpRequest.BodyPublisher body,
                             boolean expect) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).expectContinue(expect)
                .timeout(Duration.ofSeconds(30)).PUT(body);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Authorization", auth());
        h.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stream Load: PUT on the FE, follow the 307 with the same headers, return the BE's JSON. */
    Map<String, Object> load(String db, String table, Map<String, String> headers, String body) {
        return load(db, table, headers, HttpRequest.BodyPublishers.ofString(body));
    }

    Map<String, Object> load(String db, String table, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpResponse<String> fe = put("http://" + doris.feAddress() + "/api/" + db + "/" + table + "/_stream_load",
                headers, body);
        assertThat(fe.statusCode()).as("FE answer %s", fe.body()).isEqualTo(307);
        String location = fe.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://127.0.0.1:" + doris.bePort() + "/api/" + db + "/" + table);
        // the BE leg without Expect: JDK 17's client hangs on an early final answer to an Expect request
        HttpResponse<String> be = put(location, headers, body, false);
        assertThat(be.statusCode()).isEqualTo(200);
        return parse(be.body());
    }

    /** PUT /api/{db}/_stream_load_2pc on the FE, following the 307 to the BE. */
    Map<String, Object> twoPc(String db, Map<String, String> headers) {
        HttpResponse<String> fe = put("http://" + doris.feAddress() + "/api/" + db + "/_stream_load_2pc", headers,
                HttpRequest.BodyPublishers.noBody(), false);
        if (fe.statusCode() != 307) {
            return parse(fe.body());
        }
        HttpResponse<String> be = put(fe.headers().firstValue("Location").orElseThrow(), headers,
                HttpRequest.BodyPublishers.noBody(), false);
        assertThat(be.statusCode()).isEqualTo(200);
        return parse(be.body());
    }

    Map<String, Object> commit(String db, long txnId) {
        return twoPc(db, Map.of("txn_id", String.valueOf(txnId), "txn_operation", "commit"));
    }

    Map<String, Object> abort(String db, long txnId) {
        return twoPc(db, Map.of("txn_id", String.valueOf(txnId), "txn_operation", "abort"));
    }

    /** POST /api/query/default_cluster/{db}. */
    Map<String, Object> query(String db, String stmt, String authorization) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("stmt", stmt));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + doris.feAddress()
                + "/api/query/default_cluster/" + db)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return parse(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> query(String db, String stmt) {
        return query(db, stmt, auth());
    }

    static Map<String, Object> parse(String body) {
        try {
            return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, String> json(String... kv) {
        Map<String, String> m = headers("format", "json", "read_json_by_line", "true");
        m.putAll(headers(kv));
        return m;
    }

    static long txnId(Map<String, Object> r) {
        return ((Number) r.get("TxnId")).longValue();
    }

    /** Polls a condition every 10 ms until it holds or the timeout passes. */
    static void waitUntil(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
