package org.binlogload.connector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void splitsStatementsOutsideQuotesAndComments() {
    List<String> out = new ArrayList<>();
    String rest = Cli.split("PAUSE SYNC JOB a.b; SHOW SYNC JOB -- x; y\n; CREATE ... \"p;w\" 'q\\';' `c;`;\nSHOW", out);
    assertThat(out).containsExactly("PAUSE SYNC JOB a.b;", " SHOW SYNC JOB -- x; y\n;",
        " CREATE ... \"p;w\" 'q\\';' `c;`;");
    assertThat(rest).isEqualTo("\nSHOW");
  }

  @Test
  void rendersTablesAndVerticalRowsWhenWide() {
    String t = Cli.table(List.of("a", "bb"), List.of(List.of("1", "xyz")));
    assertThat(t).isEqualTo("+---+-----+\n| a | bb  |\n+---+-----+\n| 1 | xyz |\n+---+-----+\n");
    String wide = Cli.table(List.of("JobId", "Msg"), List.of(List.of("1", "m".repeat(300))));
    assertThat(wide).startsWith("*************************** 1. row ***************************\nJobId: 1\n  Msg: mmm");
  }

  @Test
  void unreachableDaemonAndUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = Cli.run(new String[] {"--url", "http://127.0.0.1:1", "sql", "SHOW SYNC JOB"},
        new ByteArrayInputStream(new byte[0]), e, e);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ERROR: cannot reach the admin API at "
        + "http://127.0.0.1:1");
    assertThat(Cli.run(new String[] {"frobnicate"}, new ByteArrayInputStream(new byte[0]), e, e)).isEqualTo(64);
  }
}
