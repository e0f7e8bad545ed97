package org.binlogload.dorisdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body parser works on any split of the bytes, so it never needs the whole body. */
class JsonRowReaderTest {
    private final List<Object> values = new ArrayList<>();
    private final List<String> bad = new ArrayList<>();
    private boolean rootArray;

    private JsonRowReader reader(boolean byLine, boolean strip) {
        return new JsonRowReader(byLine, strip, new JsonRowReader.Sink() {
            @Override
            public void value(Object value, String sourceText) {
                values.add(value);
            }

            @Override
            public void badLine(String line, String error) {
                bad.add(line);
            }

            @Override
            public void rootArray() {
                rootArray = true;
            }
        });
    }

    private static void feedByteByByte(JsonRowReader r, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            r.feed(b, i, 1);
        }
        r.finish();
    }

    @Test
    void linesSplitAnywhere() throws IOException {
        feedByteByByte(reader(true, false), "{\"a\":1,\"s\":\"ä\\n\"}\r\n\n  \n{\"a\":2.50,\"n\":null}\n{broken\n{\"a\":3}");
        assertThat(values).hasSize(3);
        assertThat(values.get(0)).isEqualTo(Map.of("a", 1, "s", "ä\n"));
        Map<?, ?> second = (Map<?, ?>) values.get(1);
        assertThat(second.get("a")).isEqualTo(new BigDecimal("2.50"));
        assertThat(second.containsKey("n")).isTrue();
        assertThat(second.get("n")).isNull();
        assertThat(values.get(2)).isEqualTo(Map.of("a", 3));
        assertThat(bad).containsExactly("{broken");
    }

    @Test
    void streamedOuterArrayEmitsElementsOneByOne() throws IOException {
        feedByteByByte(reader(false, true), "[{\"a\":{\"b\":[1,{\"c\":true}]}}, {\"a\":2}]\n{\"a\":3}");
        assertThat(values).hasSize(3);
        assertThat(values.get(0)).isEqualTo(Map.of("a", Map.of("b", List.of(1, Map.of("c", true)))));
        assertThat(values.get(2)).isEqualTo(Map.of("a", 3));
    }

    @Test
    void rootArrayWithoutStripIsReported() throws IOException {
        JsonRowReader r = reader(false, false);
        assertThatThrownBy(() -> feedByteByByte(r, "[{\"a\":1}]")).isInstanceOf(JsonRowReader.StopException.class);
        assertThat(rootArray).isTrue();
    }

    @Test
    void truncatedDocumentFailsTheBody() {
        assertThatThrownBy(() -> feedByteByByte(reader(false, false), "{\"a\":"))
                .isInstanceOf(IOException.class);
    }
}
