package org.binlogload.dorisdouble;

import static org.binlogload.dorisdouble.HttpReplies.responseBody;
import static org.binlogload.dorisdouble.HttpReplies.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL over the FE port, {@code POST /api/query/default_cluster/{db}} (FE {@code StmtExecutionAction}). */
final class QueryAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqlExecutor sql;

    QueryAction(SqlExecutor sql) {
        this.sql = sql;
    }

    /** Runs the statement of a request body and answers with its result set or status. */
    void answer(ChannelHandlerContext ctx, String db, byte[] body, boolean close) {
        String stmt;
        long limit = 1000;
        try {
            JsonNode n = JSON.readTree(body);
            stmt = n == null || n.get("stmt") == null ? null : n.get("stmt").asText();
            if (n != null && n.get("limit") != null) {
                limit = Math.min(10000, n.get("limit").asLong(1000));
            }
        } catch (IOException e) {
            stmt = null;
        }
        if (stmt == null || stmt.isEmpty()) {
            sendJson(ctx, responseBody("Bad Request", 403, "Missing statement request body"), close);
            return;
        }
        long start = System.nanoTime();
        try {
            QueryResult r = sql.execute(db, stmt);
            long time = (System.nanoTime() - start) / 1_000_000;
            Map<String, Object> data = new LinkedHashMap<>();
            if (r.isResultSet()) {
                // FE httpv2/util/StatementSubmitter: a result set, at most `limit` rows
                data.put("type", "result_set");
                List<Map<String, Object>> meta = new ArrayList<>();
                for (int i = 0; i < r.columns().size(); i++) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", r.columns().get(i));
                    m.put("type", r.types().get(i));
                    meta.add(m);
                }
                data.put("meta", meta);
                List<List<String>> rows = r.rows();
                data.put("data", rows.size() > limit ? rows.subList(0, (int) limit) : rows);
            } else {
                data.put("type", "exec_status");
                data.put("status", Map.of());
            }
            data.put("time", time);
            sendJson(ctx, responseBody("success", 0, data), close);
        } catch (DorisSqlException e) {
            // StmtExecutionAction: the JDBC error reaches the answer through okWithCommonError
            sendJson(ctx, responseBody("Error", 1, "Failed to execute sql: java.sql.SQLException: "
                    + e.getMessage()), close);
        }
    }
}
