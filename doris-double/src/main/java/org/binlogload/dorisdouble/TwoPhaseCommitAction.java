package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.sendJson;
import static org.binlogload.dorisdouble.RequestHeaders.isEmpty;
import static org.binlogload.dorisdouble.RequestHeaders.trim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The BE's two-phase commit endpoint, {@code _stream_load_2pc} (BE {@code http/action/stream_load_2pc.cpp}). */
final class TwoPhaseCommitAction {
    private final Catalog catalog;
    private final Faults faults;
    private final Credentials credentials;
    private final Consumer<Txn> publishLater;

    TwoPhaseCommitAction(Catalog catalog, Faults faults, Credentials credentials, Consumer<Txn> publishLater) {
        this.catalog = catalog;
        this.faults = faults;
        this.credentials = credentials;
        this.publishLater = publishLater;
    }

    /** BE stream_load_2pc.cpp: commit or abort by txn_id or label. */
    void answer(ChannelHandlerContext ctx, HttpRequest req, Route route, boolean close) {
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
            publishLater.accept(txn);
        }
        sendJson(ctx, status2pc("Success", "transaction [" + idText + "] " + op.toLowerCase(Locale.ROOT)
                + " successfully."), close);
    }

    private static Map<String, Object> status2pc(String status, String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("msg", msg);
        return m;
    }
}
