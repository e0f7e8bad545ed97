package org.binlogload.dorisdouble;

import io.netty.handler.codec.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Which FE or BE endpoint a request's method and path name, with the database and table it names. */
final class Route {
    enum Kind {
        /** PUT /api/{db}/{table}/_stream_load. */
        LOAD,
        /** PUT /api/{db}[/{table}]/_stream_load_2pc. */
        TWO_PC,
        /** POST /api/query/default_cluster/{db}. */
        QUERY,
        /** GET /api/_load_error_log. */
        ERROR_LOG,
        /** GET /api/backends. */
        BACKENDS,
        /** GET /api/enable_light_schema_change/{db}/{table}. */
        LIGHT_SC,
        UNKNOWN
    }

    final Kind kind;
    final String db;
    final String table;

    private Route(Kind kind, String db, String table) {
        this.kind = kind;
        this.db = db;
        this.table = table;
    }

    static Route of(HttpMethod method, String path) {
        List<String> s = segments(path);
        if (s.isEmpty() || !s.get(0).equals("api")) {
            return new Route(Kind.UNKNOWN, null, null);
        }
        if (method.equals(HttpMethod.PUT) && s.size() == 4 && s.get(3).equals("_stream_load")) {
            return new Route(Kind.LOAD, s.get(1), s.get(2));
        }
        if (method.equals(HttpMethod.PUT) && s.size() == 3 && s.get(2).equals("_stream_load_2pc")) {
            return new Route(Kind.TWO_PC, s.get(1), null);
        }
        if (method.equals(HttpMethod.PUT) && s.size() == 4 && s.get(3).equals("_stream_load_2pc")) {
            return new Route(Kind.TWO_PC, s.get(1), s.get(2));
        }
        if (method.equals(HttpMethod.POST) && s.size() == 4 && s.get(1).equals("query")) {
            return new Route(Kind.QUERY, s.get(3), null);
        }
        if (method.equals(HttpMethod.GET) && s.size() == 2 && s.get(1).equals("_load_error_log")) {
            return new Route(Kind.ERROR_LOG, null, null);
        }
        if (method.equals(HttpMethod.GET) && s.size() == 2 && s.get(1).equals("backends")) {
            return new Route(Kind.BACKENDS, null, null);
        }
        if (method.equals(HttpMethod.GET) && s.size() == 4 && s.get(1).equals("enable_light_schema_change")) {
            return new Route(Kind.LIGHT_SC, s.get(2), s.get(3));
        }
        return new Route(Kind.UNKNOWN, null, null);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
