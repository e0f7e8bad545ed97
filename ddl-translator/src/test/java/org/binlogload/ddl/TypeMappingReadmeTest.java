package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The type table in the README's ddl-translator section is the one in {@link TypeMapping#ROWS}. */
class TypeMappingReadmeTest {

  static String section() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf("<!-- ddl-translator:begin -->");
    int end = text.indexOf("<!-- ddl-translator:end -->");
    assertThat(begin).as("README section markers").isGreaterThanOrEqualTo(0);
    assertThat(end).isGreaterThan(begin);
    return text.substring(begin, end);
  }

  static List<List<String>> readmeTable() throws IOException {
    List<List<String>> rows = new ArrayList<>();
    boolean in = false;
    for (String line : section().lines().toList()) {
      if (line.equals("| MySQL type | Doris type | Rule |")) {
        in = true;
        continue;
      }
      if (in && line.startsWith("|---")) {
        continue;
      }
      if (in && !line.startsWith("|")) {
        break;
      }
      if (in) {
        String inner = line.substring(1, line.length() - 1);
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
          cells.add(c.strip());
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  @Test
  void readmeTypeTableEqualsTheCodesTable() throws IOException {
    List<List<String>> expected = new ArrayList<>();
    for (TypeMapping.Row r : TypeMapping.ROWS) {
      expected.add(List.of(r.mysqlTypes(), r.dorisType(), r.rule()));
    }
    assertThat(readmeTable()).containsExactlyElementsOf(expected);
  }

  @Test
  void everyRowMapsTheTypesItNames() {
    TypeMapping.Context ctx = new TypeMapping.Context(false, "utf8mb4", "utf8mb4");
    for (TypeMapping.Row r : TypeMapping.ROWS) {
      for (String name : r.names()) {
        ColumnDefinition c = ColumnDefinition.builder("c", name).length(name.equals("BIT") ? 8 : null).build();
        assertThat(TypeMapping.rowFor(c)).as(name).contains(r);
        assertThat(TypeMapping.map(c, ctx)).as(name).isPresent();
      }
    }
  }
}
