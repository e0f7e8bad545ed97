package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.sendText;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The filtered-row reasons of recent loads, served by the BE at {@code /api/_load_error_log} (BE
 * {@code http/action/download_action.cpp}).
 */
final class ErrorLogs {
    private final IntSupplier bePort;
    private final Map<String, List<String>> logs = Collections.synchronizedMap(
            new LinkedHashMap<String, List<String>>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > 1000;
                }
            });
    private final AtomicLong ids = new AtomicLong(1);

    ErrorLogs(IntSupplier bePort) {
        this.bePort = bePort;
    }

    /** Keeps the error lines of a load of transaction {@code txnId}; returns the URL that serves them. */
    String keep(long txnId, List<String> lines) {
        String file = "__shard_" + (ids.get() % 8) + "/error_log_insert_stmt_"
                + Long.toHexString(txnId) + "_" + Long.toHexString(ids.getAndIncrement());
        logs.put(file, List.copyOf(lines));
        return "http://" + HttpServers.HOST + ":" + bePort.getAsInt() + "/api/_load_error_log?file=" + file;
    }

    /** Answers {@code GET /api/_load_error_log?file=...}: the file's lines, or 404 for a file it does not keep. */
    void serve(ChannelHandlerContext ctx, HttpRequest req, boolean close) {
        List<String> file = new QueryStringDecoder(req.uri()).parameters().getOrDefault("file", List.of());
        List<String> lines = file.isEmpty() ? null : logs.get(file.get(0));
        if (lines == null) {
            sendText(ctx, HttpResponseStatus.NOT_FOUND, "Not Found", close);
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        sendText(ctx, HttpResponseStatus.OK, sb.toString(), close);
    }
}
