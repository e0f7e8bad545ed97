package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.responseBody;
import static org.binlogload.dorisdouble.HttpReplies.restBaseResult;
import static org.binlogload.dorisdouble.HttpReplies.send;
import static org.binlogload.dorisdouble.HttpReplies.sendContinue;
import static org.binlogload.dorisdouble.HttpReplies.sendJson;
import static org.binlogload.dorisdouble.HttpReplies.sendText;
import static org.binlogload.dorisdouble.RequestHeaders.isEmpty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the FE port (FE {@code httpv2/rest/LoadAction}, {@code RestBaseController}): checks Basic auth,
 * refuses a load without {@code Expect: 100-continue}, answers 307 to the BE port for {@code _stream_load} and
 * {@code _stream_load_2pc}, hands SQL to {@link QueryAction}, and lists the backend and a table's light schema
 * change.
 */
final class FeHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final Logger LOG = LoggerFactory.getLogger(FeHandler.class);
    private static final int MAX_SQL_BODY = 4 << 20;

    private final Catalog catalog;
    private final Faults faults;
    private final Credentials credentials;
    private final QueryAction queries;
    private final int bePort;
    private HttpRequest req;
    private Route route;
    private boolean answered;
    private ByteArrayOutputStream body;

    FeHandler(Catalog catalog, Faults faults, Credentials credentials, QueryAction queries, int bePort) {
        this.catalog = catalog;
        this.faults = faults;
        this.credentials = credentials;
        this.queries = queries;
        this.bePort = bePort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest) {
            req = (HttpRequest) msg;
            route = Route.of(req.method(), new QueryStringDecoder(req.uri()).path());
            answered = false;
            body = new ByteArrayOutputStream();
            if (HttpUtil.is100ContinueExpected(req) && route.kind != Route.Kind.QUERY) {
                // a client waiting for 100-continue gets the final answer at once and sends no body
                answer(ctx, true);
            } else if (HttpUtil.is100ContinueExpected(req)) {
                sendContinue(ctx);
            }
        }
        if (msg instanceof HttpContent && !answered) {
            ByteBuf c = ((HttpContent) msg).content();
            if (body.size() + c.readableBytes() <= MAX_SQL_BODY && route.kind == Route.Kind.QUERY) {
                byte[] b = new byte[c.readableBytes()];
                c.getBytes(c.readerIndex(), b);
                body.write(b, 0, b.length);
            }
            if (msg instanceof LastHttpContent) {
                answer(ctx, !HttpUtil.isKeepAlive(req));
            }
        }
    }

    private void answer(ChannelHandlerContext ctx, boolean close) {
        answered = true;
        switch (route.kind) {
            case LOAD:
            case TWO_PC:
                redirect(ctx);
                return;
            case QUERY:
                if (authorized(ctx, close)) {
                    queries.answer(ctx, route.db, body.toByteArray(), close);
                }
                return;
            case BACKENDS:
                backends(ctx, close);
                return;
            case LIGHT_SC:
                lightSchemaChange(ctx, close);
                return;
            default:
                sendJson(ctx, responseBody("Not Found", 404, "no such api: " + req.uri()), close);
        }
    }

    private boolean authorized(ChannelHandlerContext ctx, boolean close) {
        String[] auth = Credentials.basicAuth(req);
        if (auth == null) {
            // FE httpv2 BaseController.getAuthorizationInfo, answered by RestApiExceptionHandler
            sendJson(ctx, responseBody("Unauthorized", 401, "Need auth information."), close);
            return false;
        }
        String denied = credentials.checkPassword(auth);
        if (denied != null) {
            sendJson(ctx, responseBody("Unauthorized", 401, denied), close);
            return false;
        }
        return true;
    }

    /** FE LoadAction: auth, Expect header, then 307 to the BE; the connection is closed afterwards. */
    private void redirect(ChannelHandlerContext ctx) {
        int status = faults.takeServerError(route.db, route.table);
        if (status != 0) {
            sendText(ctx, HttpResponseStatus.valueOf(status), "injected HTTP " + status, true);
            return;
        }
        if (!authorized(ctx, true)) {
            return;
        }
        if (route.kind == Route.Kind.LOAD) {
            if (req.headers().get(HttpHeaderNames.EXPECT) == null) {
                sendJson(ctx, restBaseResult("There is no 100-continue header"), true);
                return;
            }
        } else {
            if (isEmpty(req.headers().get("txn_id")) && isEmpty(req.headers().get("label"))) {
                sendJson(ctx, restBaseResult("No transaction id or label selected."), true);
                return;
            }
            if (isEmpty(req.headers().get("txn_operation"))) {
                sendJson(ctx, restBaseResult("No transaction operation('commit' or 'abort') selected."), true);
                return;
            }
        }
        String location = "http://" + HttpServers.HOST + ":" + bePort + req.uri();
        send(ctx, HttpResponseStatus.TEMPORARY_REDIRECT, new byte[0], "text/plain; charset=utf-8", true,
                Map.of(HttpHeaderNames.LOCATION.toString(), location));
    }

    private void backends(ChannelHandlerContext ctx, boolean close) {
        if (!authorized(ctx, close)) {
            return;
        }
        Map<String, Object> be = new LinkedHashMap<>();
        be.put("ip", HttpServers.HOST);
        be.put("http_port", bePort);
        be.put("is_alive", true);
        sendJson(ctx, responseBody("success", 0, Map.of("backends", List.of(be))), close);
    }

    private void lightSchemaChange(ChannelHandlerContext ctx, boolean close) {
        if (!authorized(ctx, close)) {
            return;
        }
        try {
            OlapTable t = catalog.table(route.db, route.table);
            if (t.lightSchemaChange) {
                sendJson(ctx, responseBody("success", 0, null), close);
            } else {
                sendJson(ctx, responseBody("Error", 1, "table " + route.table
                        + " is not enable light schema change"), close);
            }
        } catch (DorisSqlException e) {
            sendJson(ctx, responseBody("Error", 1, e.getMessage()), close);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("FE connection error", cause);
        ctx.close();
    }
}
