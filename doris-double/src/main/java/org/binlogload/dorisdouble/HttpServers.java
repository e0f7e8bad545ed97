package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.responseBody;
import static org.binlogload.dorisdouble.HttpReplies.sendContinue;
import static org.binlogload.dorisdouble.HttpReplies.sendJson;
import static org.binlogload.dorisdouble.HttpReplies.sendText;
import static org.binlogload.dorisdouble.RequestHeaders.isEmpty;
import static org.binlogload.dorisdouble.RequestHeaders.trim;
import static org.binlogload.dorisdouble.RequestHeaders.utf8;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FE and BE HTTP ports of the double, on Netty.
 *
 * <p>FE port (FE {@code httpv2/rest/LoadAction}, {@code StmtExecutionAction}, {@code RestBaseController}): checks
 * Basic auth, refuses a load without {@code Expect: 100-continue}, and answers 307 to the BE port for
 * {@code _stream_load} and {@code _stream_load_2pc}; runs SQL for {@code /api/query/default_cluster/{db}}.
 * BE port (BE {@code http/action/stream_load.cpp}, {@code stream_load_2pc.cpp}, {@code download_action.cpp}):
 * performs loads while the body streams in, two-phase commits, and serves error logs.
 */
final class HttpServers {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);
    /** Doris's "no backend" is out of scope; one BE answers on 127.0.0.1. */
    static final String HOST = "127.0.0.1";
    /** Docs "stream-load-manual": a label is 1..128 of letters, digits, '-', '_' and ':'. */
    static final Pattern LABEL = Pattern.compile("^[-_A-Za-z0-9:]{1,128}$");
    private static final long PUBLISH_LATE_MILLIS = 300;

    private final Catalog catalog;
    private final QueryAction queries;
    private final Faults faults;
    private final Credentials credentials;
    private final boolean discardRows;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private final Map<String, List<String>> errorLogs = Collections.synchronizedMap(
            new LinkedHashMap<String, List<String>>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > 1000;
                }
            });
    private final AtomicLong errorLogIds = new AtomicLong(1);
    private Channel feChannel;
    private Channel beChannel;
    private int fePort;
    private int bePort;

    HttpServers(Catalog catalog, SqlExecutor sql, Faults faults, String user, String password, boolean discardRows) {
        this.discardRows = discardRows;
        this.catalog = catalog;
        this.queries = new QueryAction(sql);
        this.faults = faults;
        this.credentials = new Credentials(user, password);
    }

    void start(int fePortWanted, int bePortWanted) throws InterruptedException {
        beChannel = bind(bePortWanted, false);
        bePort = ((InetSocketAddress) beChannel.localAddress()).getPort();
        feChannel = bind(fePortWanted, true);
        fePort = ((InetSocketAddress) feChannel.localAddress()).getPort();
        workers.scheduleAtFixedRate(() -> {
            try {
                catalog.sweep();
            } catch (RuntimeException e) {
                LOG.warn("sweep failed", e);
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
    }

    private Channel bind(int port, boolean fe) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(8192, 65536, 65536));
                        ch.pipeline().addLast(fe ? new FeHandler(catalog, faults, credentials, queries, bePort)
                                : new BeHandler());
                    }
                });
        return b.bind(HOST, port).sync().channel();
    }

    int fePort() {
        return fePort;
    }

    int bePort() {
        return bePort;
    }

    void close() {
        if (feChannel != null) {
            feChannel.close().syncUninterruptibly();
        }
        if (beChannel != null) {
            beChannel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---------------------------------------------------------------- BE

    private final class BeHandler extends SimpleChannelInboundHandler<HttpObject> {
        private HttpRequest req;
        private Route route;
        private boolean answered;
        private StreamLoad load;
        private long beginMs;
        private long beginTxnMs;
        private boolean dropMidBody;
        private final byte[] copy = new byte[65536];
        private Map<String, Object> earlyAnswer;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest) {
                req = (HttpRequest) msg;
                route = Route.of(req.method(), new QueryStringDecoder(req.uri()).path());
                answered = false;
                load = null;
                earlyAnswer = null;
                dropMidBody = false;
                if (route.kind == Route.Kind.LOAD) {
                    startLoad(ctx);
                } else if (HttpUtil.is100ContinueExpected(req)) {
                    sendContinue(ctx);
                }
            }
            if (msg instanceof HttpContent && !answered) {
                ByteBuf c = ((HttpContent) msg).content();
                if (load != null && c.isReadable()) {
                    if (dropMidBody) {
                        // Faults.dropConnectionMidBodyNext: the BE goes away while the body streams in
                        catalog.abort(load.txn, "connection dropped");
                        load.txn.dropStaged();
                        load = null;
                        answered = true;
                        ctx.close();
                        return;
                    }
                    try {
                        while (c.isReadable()) {
                            int n = Math.min(copy.length, c.readableBytes());
                            c.readBytes(copy, 0, n);
                            load.feed(copy, 0, n);
                        }
                    } catch (IOException e) {
                        load.failBody(load.bodyError() != null ? load.bodyError()
                                : "[DATA_QUALITY_ERROR]Parse json data failed. code: 1, error info: "
                                + e.getMessage());
                    }
                }
                if (msg instanceof LastHttpContent) {
                    answered = true;
                    boolean close = !HttpUtil.isKeepAlive(req);
                    switch (route.kind) {
                        case LOAD:
                            if (earlyAnswer != null) {
                                finishAnswer(ctx, earlyAnswer, route, close);
                            } else {
                                finishLoad(ctx, close);
                            }
                            break;
                        case TWO_PC:
                            twoPhase(ctx, close);
                            break;
                        case ERROR_LOG:
                            errorLogPage(ctx, close);
                            break;
                        default:
                            sendJson(ctx, responseBody("Not Found", 404, "no such api: " + req.uri()), close);
                    }
                }
            }
        }

        /** BE stream_load.cpp on_header: auth, body framing, label, begin txn, plan; then 100-continue. */
        private void startLoad(ChannelHandlerContext ctx) {
            beginMs = System.currentTimeMillis();
            String label = req.headers().get("label");
            boolean twoPc = "true".equalsIgnoreCase(trim(req.headers().get("two_phase_commit")));
            String[] auth = Credentials.basicAuth(req);
            if (auth == null) {
                early(ctx, fail(label, twoPc, "[NOT_AUTHORIZED]no valid Basic authorization"));
                return;
            }
            String denied = credentials.checkPassword(auth);
            if (denied != null) {
                early(ctx, fail(label, twoPc, "errCode = 2, detailMessage = " + denied));
                return;
            }
            if (!HttpUtil.isContentLengthSet(req) && !HttpUtil.isTransferEncodingChunked(req)) {
                early(ctx, fail(label, twoPc, "[INVALID_ARGUMENT]content_length is empty and "
                        + "transfer-encoding!=chunked, please set content_length or transfer-encoding=chunked"));
                return;
            }
            if (label != null && !LABEL.matcher(label).matches()) {
                // FE analysis/LabelName
                early(ctx, fail(label, twoPc, "errCode = 2, detailMessage = Label format error. regex: "
                        + LABEL.pattern() + ", label: " + label));
                return;
            }
            Txn txn;
            try {
                txn = catalog.begin(route.db, route.table, label, twoPc);
            } catch (Catalog.LabelAlreadyUsed e) {
                Map<String, Object> a = result(-1, e.existing.label, twoPc, "Label Already Exists",
                        "errCode = 2, detailMessage = " + e.getMessage(), null);
                a.put("ExistingJobStatus", e.existing.existingJobStatus());
                reorder(a);
                early(ctx, a);
                return;
            } catch (DorisSqlException e) {
                early(ctx, fail(label, twoPc, e.getMessage()));
                return;
            }
            beginTxnMs = System.currentTimeMillis() - beginMs;
            try {
                synchronized (catalog) {
                    OlapTable t = catalog.table(route.db, route.table);
                    load = new StreamLoad(txn, t, name -> utf8(req.headers().get(name)), catalog.now(),
                            discardRows);
                }
            } catch (StreamLoad.LoadException | DorisSqlException e) {
                catalog.abort(txn, e.getMessage());
                Map<String, Object> a = result(txn.id, txn.label, twoPc, "Fail", e.getMessage(), null);
                early(ctx, a);
                return;
            }
            dropMidBody = faults.takeDropConnection(route.db, route.table);
            if (HttpUtil.is100ContinueExpected(req)) {
                sendContinue(ctx);
            }
        }

        /** An answer decided before the body: sent now to a client waiting for 100-continue, else after it. */
        private void early(ChannelHandlerContext ctx, Map<String, Object> answer) {
            if (HttpUtil.is100ContinueExpected(req)) {
                answered = true;
                sendJson(ctx, answer, true);
            } else {
                earlyAnswer = answer;
            }
        }

        private void finishLoad(ChannelHandlerContext ctx, boolean close) {
            StreamLoad l = load;
            load = null;
            Txn txn = l.txn;
            long readMs = System.currentTimeMillis() - beginMs;
            String bodyError = l.finish();
            String injected = faults.takeLoadFailure(route.db, route.table);
            String status;
            String message;
            String errorUrl = null;
            if (!l.errors.isEmpty()) {
                String file = "__shard_" + (errorLogIds.get() % 8) + "/error_log_insert_stmt_"
                        + Long.toHexString(txn.id) + "_" + Long.toHexString(errorLogIds.getAndIncrement());
                errorLogs.put(file, List.copyOf(l.errors));
                errorUrl = "http://" + HOST + ":" + bePort + "/api/_load_error_log?file=" + file;
            }
            long commitStart = System.currentTimeMillis();
            if (bodyError != null) {
                catalog.abort(txn, bodyError);
                status = "Fail";
                message = bodyError;
            } else if (injected != null) {
                catalog.abort(txn, injected);
                status = "Fail";
                message = injected;
            } else if (l.tooManyFiltered()) {
                // BE stream_load_executor / FE: filtered rows over max_filter_ratio fail the load
                catalog.abort(txn, "too many filtered rows");
                status = "Fail";
                message = "[DATA_QUALITY_ERROR]too many filtered rows";
            } else if (txn.twoPhase ? !catalog.precommit(txn) : !catalog.commitLoad(txn,
                    faults.takePublishTimeout(route.db, route.table))) {
                status = "Fail";
                message = "[CANCELLED]transaction [" + txn.id + "] is " + txn.state + ": " + txn.reason;
            } else if (txn.twoPhase) {
                status = "Success";
                message = "OK";
            } else {
                boolean late = txn.state == Txn.State.COMMITTED;
                if (late) {
                    workers.schedule(() -> catalog.publish(txn), PUBLISH_LATE_MILLIS, TimeUnit.MILLISECONDS);
                    status = "Publish Timeout";
                    message = "transaction commit successfully, BUT data will be visible later";
                } else {
                    status = "Success";
                    message = "OK";
                }
            }
            if (txn.state == Txn.State.ABORTED) {
                txn.dropStaged();
            }
            Map<String, Object> a = result(txn.id, txn.label, txn.twoPhase, status, message, errorUrl);
            a.put("NumberTotalRows", l.totalRows);
            a.put("NumberLoadedRows", status.equals("Fail") ? 0 : l.loadedRows());
            if (status.equals("Fail") && bodyError == null && injected == null) {
                a.put("NumberLoadedRows", l.loadedRows());
            }
            a.put("NumberFilteredRows", l.filteredRows);
            a.put("LoadBytes", l.loadBytes);
            long total = System.currentTimeMillis() - beginMs;
            a.put("LoadTimeMs", total);
            a.put("BeginTxnTimeMs", beginTxnMs);
            a.put("StreamLoadPutTimeMs", 0);
            a.put("ReadDataTimeMs", readMs);
            a.put("WriteDataTimeMs", readMs);
            a.put("CommitAndPublishTimeMs", System.currentTimeMillis() - commitStart);
            finishAnswer(ctx, a, route, close);
        }

        private void finishAnswer(ChannelHandlerContext ctx, Map<String, Object> a, Route r, boolean close) {
            Duration delay = faults.loadDelay(r.db, r.table);
            if (delay.isZero()) {
                sendJson(ctx, a, close);
            } else {
                ctx.executor().schedule(() -> sendJson(ctx, a, close), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private Map<String, Object> fail(String label, boolean twoPc, String message) {
            return result(-1, label == null ? "" : label, twoPc, "Fail", message, null);
        }

        /** BE stream_load_context.cpp to_json: the fields and their order. */
        private Map<String, Object> result(long txnId, String label, boolean twoPc, String status, String message,
                                           String errorUrl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("TxnId", txnId);
            m.put("Label", label);
            m.put("Comment", req.headers().get("comment") == null ? "" : req.headers().get("comment"));
            m.put("TwoPhaseCommit", twoPc ? "true" : "false");
            m.put("Status", status);
            m.put("Message", message);
            m.put("NumberTotalRows", 0L);
            m.put("NumberLoadedRows", 0L);
            m.put("NumberFilteredRows", 0L);
            m.put("NumberUnselectedRows", 0L);
            m.put("LoadBytes", 0L);
            m.put("LoadTimeMs", 0L);
            m.put("BeginTxnTimeMs", 0L);
            m.put("StreamLoadPutTimeMs", 0L);
            m.put("ReadDataTimeMs", 0L);
            m.put("WriteDataTimeMs", 0L);
            m.put("CommitAndPublishTimeMs", 0L);
            if (errorUrl != null) {
                m.put("ErrorURL", errorUrl);
            }
            return m;
        }

        /** Puts ExistingJobStatus right after Status, where the BE writes it. */
        private void reorder(Map<String, Object> a) {
            Object existing = a.remove("ExistingJobStatus");
            Map<String, Object> copy = new LinkedHashMap<>(a);
            a.clear();
            for (Map.Entry<String, Object> e : copy.entrySet()) {
                a.put(e.getKey(), e.getValue());
                if (e.getKey().equals("Status")) {
                    a.put("ExistingJobStatus", existing);
                }
            }
        }

        /** BE stream_load_2pc.cpp: commit or abort by txn_id or label. */
        private void twoPhase(ChannelHandlerContext ctx, boolean close) {
            String[] auth = Credentials.basicAuth(req);
            if (auth == null) {
                sendJson(ctx, status2pc("INTERNAL_ERROR", "no valid Basic authorization"), close);
                return;
            }
            String denied = credentials.checkPassword(auth);
            if (denied != null) {
                sendJson(ctx, status2pc("ANALYSIS_ERROR", "errCode = 2, detailMessage = " + denied), close);
                return;
            }
            String op = trim(req.headers().get("txn_operation"));
            if (!"commit".equalsIgnoreCase(op) && !"abort".equalsIgnoreCase(op)) {
                sendJson(ctx, status2pc("INTERNAL_ERROR", "transaction operation should be 'commit' or 'abort'"),
                        close);
                return;
            }
            boolean commit = "commit".equalsIgnoreCase(op);
            String idText = trim(req.headers().get("txn_id"));
            String label = trim(req.headers().get("label"));
            Txn txn;
            if (!isEmpty(idText)) {
                long id;
                try {
                    id = Long.parseLong(idText);
                } catch (NumberFormatException e) {
                    sendJson(ctx, status2pc("INTERNAL_ERROR", "convert txn_id [" + idText + "] failed"), close);
                    return;
                }
                txn = catalog.txn(id);
            } else if (!isEmpty(label)) {
                txn = catalog.txnByLabel(route.db, label);
                idText = txn == null ? label : String.valueOf(txn.id);
            } else {
                sendJson(ctx, status2pc("INTERNAL_ERROR", "No transaction id or label selected."), close);
                return;
            }
            if (txn != null && route.table != null && !txn.table.equals(route.table)) {
                txn = null;
            }
            if (commit && txn != null && txn.state == Txn.State.PRECOMMITTED
                    && faults.takeCommitFailure(txn.db, txn.table)) {
                sendJson(ctx, status2pc("INTERNAL_ERROR", "injected commit failure of transaction [" + txn.id + "]"),
                        close);
                return;
            }
            boolean late = commit && txn != null && txn.state == Txn.State.PRECOMMITTED
                    && faults.takePublishTimeout(txn.db, txn.table);
            String error = catalog.operate2pc(route.db, txn, idText, commit, late);
            if (error != null) {
                sendJson(ctx, status2pc("ANALYSIS_ERROR", "errCode = 2, detailMessage = " + error), close);
                return;
            }
            if (late) {
                Txn t = txn;
                workers.schedule(() -> catalog.publish(t), PUBLISH_LATE_MILLIS, TimeUnit.MILLISECONDS);
            }
            sendJson(ctx, status2pc("Success", "transaction [" + idText + "] " + op.toLowerCase(java.util.Locale.ROOT)
                    + " successfully."), close);
        }

        private Map<String, Object> status2pc(String status, String msg) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status);
            m.put("msg", msg);
            return m;
        }

        private void errorLogPage(ChannelHandlerContext ctx, boolean close) {
            List<String> file = new QueryStringDecoder(req.uri()).parameters().getOrDefault("file", List.of());
            List<String> lines = file.isEmpty() ? null : errorLogs.get(file.get(0));
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

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (load != null) {
                // BE stream_load.cpp free_handler_ctx: the sender is gone, the load is cancelled
                catalog.abort(load.txn, "[CANCELLED]sender is gone");
                load.txn.dropStaged();
                load = null;
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("BE connection error", cause);
            if (load != null) {
                catalog.abort(load.txn, "[CANCELLED]" + cause.getMessage());
                load.txn.dropStaged();
                load = null;
            }
            ctx.close();
        }
    }
}
