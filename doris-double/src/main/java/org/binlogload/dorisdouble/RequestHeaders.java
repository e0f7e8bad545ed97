package org.binlogload.dorisdouble;

import java.nio.charset.StandardCharsets;

/** Header values as Doris's HTTP actions read them: trimmed, empty as absent, bytes as UTF-8. */
final class RequestHeaders {
    private RequestHeaders() {
    }

    static String trim(String s) {
        return s == null ? null : s.trim();
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /**
     * A header value as Doris's BE reads it: the raw bytes taken as UTF-8 (Netty hands them over one char per byte),
     * so non-ASCII column names in {@code columns} match (Doris Flink connector PR #623: names sent as ISO-8859-1
     * arrive as '??').
     */
    static String utf8(String headerValue) {
        return headerValue == null ? null
                : new String(headerValue.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
