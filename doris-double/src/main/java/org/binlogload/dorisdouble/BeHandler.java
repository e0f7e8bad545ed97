package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.responseBody;
import static org.binlogload.dorisdouble.HttpReplies.sendContinue;
import static org.binlogload.dorisdouble.HttpReplies.sendJson;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the BE port: hands each request to its endpoint, Stream Load, two-phase commit or error log, and
 * cancels a load whose sender goes away.
 */
final class BeHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final Logger LOG = LoggerFactory.getLogger(BeHandler.class);

    private final StreamLoadAction loads;
    private final TwoPhaseCommitAction twoPhaseCommit;
    private final ErrorLogs errorLogs;
    private final byte[] copy = new byte[65536];
    private HttpRequest req;
    private Route route;
    private boolean answered;
    private StreamLoadAction.Request load;

    BeHandler(StreamLoadAction loads, TwoPhaseCommitAction twoPhaseCommit, ErrorLogs errorLogs) {
        this.loads = loads;
        this.twoPhaseCommit = twoPhaseCommit;
        this.errorLogs = errorLogs;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest) {
            req = (HttpRequest) msg;
            route = Route.of(req.method(), new QueryStringDecoder(req.uri()).path());
            answered = false;
            load = null;
            if (route.kind == Route.Kind.LOAD) {
                load = loads.start(ctx, req, route, copy);
                answered = load.answeredEarly();
            } else if (HttpUtil.is100ContinueExpected(req)) {
                sendContinue(ctx);
            }
        }
        if (msg instanceof HttpContent && !answered) {
            ByteBuf c = ((HttpContent) msg).content();
            if (load != null && !load.feed(ctx, c)) {
                answered = true;
                return;
            }
            if (msg instanceof LastHttpContent) {
                answered = true;
                boolean close = !HttpUtil.isKeepAlive(req);
                switch (route.kind) {
                    case LOAD:
                        load.finish(ctx, close);
                        break;
                    case TWO_PC:
                        twoPhaseCommit.answer(ctx, req, route, close);
                        break;
                    case ERROR_LOG:
                        errorLogs.serve(ctx, req, close);
                        break;
                    default:
                        sendJson(ctx, responseBody("Not Found", 404, "no such api: " + req.uri()), close);
                }
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (load != null) {
            // BE stream_load.cpp free_handler_ctx: the sender is gone, the load is cancelled
            load.cancel("[CANCELLED]sender is gone");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("BE connection error", cause);
        if (load != null) {
            load.cancel("[CANCELLED]" + cause.getMessage());
        }
        ctx.close();
    }
}
