package org.binlogload.dorisdouble;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON answer of a Stream Load as the BE renders it, counters and timings aside. */
final class StreamLoadAnswer {
    private StreamLoadAnswer() {
    }

    /** BE stream_load_context.cpp to_json: the fields and their order. */
    static Map<String, Object> of(String comment, long txnId, String label, boolean twoPc, String status,
                                  String message, String errorUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TxnId", txnId);
        m.put("Label", label);
        m.put("Comment", comment == null ? "" : comment);
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

    /** A load refused before it has a transaction. */
    static Map<String, Object> fail(String comment, String label, boolean twoPc, String message) {
        return of(comment, -1, label == null ? "" : label, twoPc, "Fail", message, null);
    }

    /** A label already used by {@code existing}, with the ExistingJobStatus the BE reports for it. */
    static Map<String, Object> labelAlreadyExists(String comment, Txn existing, boolean twoPc, String message) {
        Map<String, Object> a = of(comment, -1, existing.label, twoPc, "Label Already Exists", message, null);
        a.put("ExistingJobStatus", existing.existingJobStatus());
        reorder(a);
        return a;
    }

    /** Puts ExistingJobStatus right after Status, where the BE writes it. */
    private static void reorder(Map<String, Object> a) {
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
}
