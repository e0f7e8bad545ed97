package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.sendContinue;
import static org.binlogload.dorisdouble.HttpReplies.sendJson;
import static org.binlogload.dorisdouble.RequestHeaders.trim;
import static org.binlogload.dorisdouble.RequestHeaders.utf8;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The BE's Stream Load endpoint, {@code _stream_load} (BE {@code http/action/stream_load.cpp}): checks and plans a
 * load from its headers, stages its body while it streams in, and commits or aborts it when the body ends.
 */
final class StreamLoadAction {
    /** Docs "stream-load-manual": a label is 1..128 of letters, digits, '-', '_' and ':'. */
    static final Pattern LABEL = Pattern.compile("^[-_A-Za-z0-9:]{1,128}$");

    private final Catalog catalog;
    private final Faults faults;
    private final Credentials credentials;
    private final ErrorLogs errorLogs;
    private final Consumer<Txn> publishLater;
    private final boolean discardRows;

    StreamLoadAction(Catalog catalog, Faults faults, Credentials credentials, ErrorLogs errorLogs,
                     Consumer<Txn> publishLater, boolean discardRows) {
        this.catalog = catalog;
        this.faults = faults;
        this.credentials = credentials;
        this.errorLogs = errorLogs;
        this.publishLater = publishLater;
        this.discardRows = discardRows;
    }

    /** Starts the load whose headers just arrived; {@code copy} is the connection's buffer for its body. */
    Request start(ChannelHandlerContext ctx, HttpRequest req, Route route, byte[] copy) {
        Request r = new Request(req, route, copy);
        r.start(ctx);
        return r;
    }

    /** One load on one connection, from its headers to its answer. */
    final class Request {
        private final HttpRequest req;
        private final Route route;
        private final String comment;
        private final byte[] copy;
        private StreamLoad load;
        private long beginMs;
        private long beginTxnMs;
        private boolean dropMidBody;
        private Map<String, Object> earlyAnswer;
        private boolean answeredEarly;

        private Request(HttpRequest req, Route route, byte[] copy) {
            this.req = req;
            this.route = route;
            this.comment = req.headers().get("comment");
            this.copy = copy;
        }

        /** BE stream_load.cpp on_header: auth, body framing, label, begin txn, plan; then 100-continue. */
        private void start(ChannelHandlerContext ctx) {
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
                early(ctx, StreamLoadAnswer.labelAlreadyExists(comment, e.existing, twoPc,
                        "errCode = 2, detailMessage = " + e.getMessage()));
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
                early(ctx, StreamLoadAnswer.of(comment, txn.id, txn.label, twoPc, "Fail", e.getMessage(), null));
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
                answeredEarly = true;
                sendJson(ctx, answer, true);
            } else {
                earlyAnswer = answer;
            }
        }

        /** Stages a chunk of the body; false when the BE dropped the connection instead. */
        boolean feed(ChannelHandlerContext ctx, ByteBuf c) {
            if (load == null || !c.isReadable()) {
                return true;
            }
            if (dropMidBody) {
                // Faults.dropConnectionMidBodyNext: the BE goes away while the body streams in
                catalog.abort(load.txn, "connection dropped");
                load.txn.dropStaged();
                load = null;
                ctx.close();
                return false;
            }
            try {
                while (c.isReadable()) {
                    int n = Math.min(copy.length, c.readableBytes());
                    c.readBytes(copy, 0, n);
                    load.feed(copy, 0, n);
                }
            } catch (IOException e) {
                load.failBody("[DATA_QUALITY_ERROR]Parse json data failed. code: 1, error info: " + e.getMessage());
            }
            return true;
        }

        /** Answers once the body has ended: the early answer, or the load's outcome. */
        void finish(ChannelHandlerContext ctx, boolean close) {
            if (earlyAnswer != null) {
                finishAnswer(ctx, earlyAnswer, close);
            } else {
                finishLoad(ctx, close);
            }
        }

        /** Aborts the load, if it still runs, and drops its rows. */
        void cancel(String reason) {
            if (load != null) {
                catalog.abort(load.txn, reason);
                load.txn.dropStaged();
                load = null;
            }
        }

        /** Whether the answer went out before the body, to a client waiting for 100-continue. */
        boolean answeredEarly() {
            return answeredEarly;
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
                errorUrl = errorLogs.keep(txn.id, l.errors);
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
                    publishLater.accept(txn);
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
            Map<String, Object> a = StreamLoadAnswer.of(comment, txn.id, txn.label, txn.twoPhase, status, message,
                    errorUrl);
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
            finishAnswer(ctx, a, close);
        }

        private Map<String, Object> fail(String label, boolean twoPc, String message) {
            return StreamLoadAnswer.fail(comment, label, twoPc, message);
        }

        private void finishAnswer(ChannelHandlerContext ctx, Map<String, Object> a, boolean close) {
            Duration delay = faults.loadDelay(route.db, route.table);
            if (delay.isZero()) {
                sendJson(ctx, a, close);
            } else {
                ctx.executor().schedule(() -> sendJson(ctx, a, close), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
