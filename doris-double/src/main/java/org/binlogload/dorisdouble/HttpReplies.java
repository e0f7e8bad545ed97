package org.binlogload.dorisdouble;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the FE's and BE's answers: full responses, JSON bodies, 100-continue, and the FE's result entities. */
final class HttpReplies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReplies() {
    }

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, String contentType,
                     boolean close, Map<String, String> headers) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (headers != null) {
            headers.forEach((k, v) -> r.headers().set(k, v));
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(r);
        }
    }

    static void sendText(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean close) {
        send(ctx, status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", close, null);
    }

    static void sendJson(ChannelHandlerContext ctx, Object body, boolean close) {
        send(ctx, HttpResponseStatus.OK, json(body), "application/json; charset=utf-8", close, null);
    }

    /** Tells a client waiting for 100-continue to send its body. */
    static void sendContinue(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER));
    }

    /** FE {@code httpv2/entity/RestBaseResult}: {"status":"FAILED","msg":...}. */
    static Map<String, Object> restBaseResult(String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "FAILED");
        m.put("msg", msg);
        return m;
    }

    /** FE {@code httpv2/entity/ResponseBody} as {@code ResponseEntityBuilder} fills it. */
    static Map<String, Object> responseBody(String msg, int code, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msg", msg);
        m.put("code", code);
        m.put("data", data);
        m.put("count", 0);
        return m;
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
