package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(MariaDbExtension.class)
class SecretsInLogsTest {
  @Test
  void thePasswordNeverReachesTheLogsEvenAtDebug(TestDatabase db, @TempDir Path dir) {
    String password = db.server().replPassword();
    assertThat(password).isNotBlank();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    try {
      db.execute("CREATE TABLE s (id INT PRIMARY KEY)");
      try (EmbeddedCanal canal = Readers.builder(db, dir).name("secrets").build()) {
        canal.start();
        db.execute("INSERT INTO s VALUES (1)");
        Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("s", 1));
        db.execute("INSERT INTO s VALUES (2)");
        Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("s", 1));
      }
      try {
        Readers.builder(db, dir).name("secrets2").password(password + "x").build().start();
      } catch (BinlogException expected) {
        assertThat(expected.getMessage()).doesNotContain(password);
      }
    } finally {
      root.setLevel(level);
      root.detachAppender(captured);
    }
    assertThat(captured.list).as("log events captured").hasSizeGreaterThan(10);
    assertThat(captured.list).anyMatch(e -> e.getFormattedMessage().contains("Register slave"));
    for (ILoggingEvent e : captured.list) {
      assertThat(e.getFormattedMessage()).as("log line from %s", e.getLoggerName()).doesNotContain(password);
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
      }
    }
  }
}
