package org.binlogload.dorisdouble;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON load body as it arrives, without holding the body: with {@code read_json_by_line} one document per
 * line (a bad line is reported and the rest goes on, as BE {@code vjson_reader.cpp} filters it), otherwise a stream of
 * root documents, where a root array's elements are emitted one by one when {@code strip_outer_array} is set.
 */
final class JsonRowReader {
    /** Receives each parsed document, or a line that did not parse. */
    interface Sink {
        void value(Object value, String sourceText);

        void badLine(String line, String error);

        /** A root array met without strip_outer_array. */
        void rootArray();
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private final boolean byLine;
    private final boolean stripOuterArray;
    private final Sink sink;
    // line mode
    private byte[] line = new byte[1024];
    private int lineLen;
    // streaming mode
    private JsonParser async;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Deque<String> names = new ArrayDeque<>();
    private boolean outerArray;

    JsonRowReader(boolean byLine, boolean stripOuterArray, Sink sink) {
        this.byLine = byLine;
        this.stripOuterArray = stripOuterArray;
        this.sink = sink;
    }

    /** Feeds the next bytes of the body. */
    void feed(byte[] buf, int off, int len) throws IOException {
        if (byLine) {
            for (int i = off; i < off + len; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    endLine();
                } else {
                    if (lineLen == line.length) {
                        byte[] bigger = new byte[line.length * 2];
                        System.arraycopy(line, 0, bigger, 0, lineLen);
                        line = bigger;
                    }
                    line[lineLen++] = b;
                }
            }
            return;
        }
        if (async == null) {
            async = FACTORY.createNonBlockingByteArrayParser();
        }
        ((ByteArrayFeeder) async.getNonBlockingInputFeeder()).feedInput(buf, off, off + len);
        drain();
    }

    /** Ends the body. */
    void finish() throws IOException {
        if (byLine) {
            if (lineLen > 0) {
                endLine();
            }
            return;
        }
        if (async == null) {
            return;
        }
        ((ByteArrayFeeder) async.getNonBlockingInputFeeder()).endOfInput();
        drain();
        if (!stack.isEmpty()) {
            throw new IOException("Unexpected end-of-input: the JSON document is incomplete");
        }
    }

    private void endLine() {
        int len = lineLen;
        lineLen = 0;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        boolean blank = true;
        for (int i = 0; i < len; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                blank = false;
                break;
            }
        }
        if (blank) {
            return;
        }
        String text = null;
        try (JsonParser p = FACTORY.createParser(line, 0, len)) {
            JsonToken t = p.nextToken();
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new IOException("trailing characters after the JSON document");
            }
            if (v instanceof List) {
                if (!stripOuterArray) {
                    sink.rootArray();
                    return;
                }
                for (Object e : (List<?>) v) {
                    sink.value(e, null);
                }
            } else {
                sink.value(v, text == null ? new String(line, 0, len, StandardCharsets.UTF_8) : text);
            }
        } catch (IOException e) {
            sink.badLine(new String(line, 0, len, StandardCharsets.UTF_8), firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("empty JSON document");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_OBJECT; x = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    l.add(read(p, x));
                }
                return l;
            }
            default:
                return scalar(p, t);
        }
    }

    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT: return p.getNumberValue();
            case VALUE_NUMBER_FLOAT: return p.getDecimalValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw new IOException("unexpected token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private void drain() throws IOException {
        JsonToken t;
        while ((t = async.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
            switch (t) {
                case START_OBJECT:
                    stack.push(new LinkedHashMap<String, Object>());
                    break;
                case START_ARRAY:
                    if (stack.isEmpty()) {
                        if (!stripOuterArray) {
                            sink.rootArray();
                            throw new StopException();
                        }
                        outerArray = true;
                        stack.push(OUTER);
                    } else {
                        stack.push(new ArrayList<>());
                    }
                    break;
                case FIELD_NAME:
                    names.push(async.currentName());
                    break;
                case END_OBJECT:
                case END_ARRAY: {
                    Object done = stack.pop();
                    if (done == OUTER) {
                        outerArray = false;
                    } else {
                        attach(done);
                    }
                    break;
                }
                default:
                    attach(scalar(async, t));
            }
        }
    }

    /** A marker for a stripped outer array. */
    private static final Object OUTER = new Object();

    /** Thrown to stop reading after the sink refused the body. */
    static final class StopException extends IOException {
        private static final long serialVersionUID = 1L;

        StopException() {
            super("stopped", null);
        }
    }

    @SuppressWarnings("unchecked")
    private void attach(Object v) {
        if (stack.isEmpty() || stack.peek() == OUTER) {
            sink.value(v, null);
            return;
        }
        Object parent = stack.peek();
        if (parent instanceof Map) {
            ((Map<String, Object>) parent).put(names.pop(), v);
        } else {
            ((List<Object>) parent).add(v);
        }
    }
}
