package org.binlogload.canal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.binlogload.testkit.MariaDbExtension;
import org.binlogload.testkit.MariaDbServer;
import org.binlogload.testkit.TestDatabase;
import org.binlogload.testkit.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the daemon's log ({@code conf/logback.xml}) shows of a MariaDB outage that heals by itself: one WARN line per
 * reconnect, no stack trace, no ERROR; and of a failure the reader gives up on: one ERROR line.
 */
@ExtendWith(MariaDbExtension.class)
class ReconnectLoggingTest {
  private static final String READER = "org.binlogload.canal.internal.CanalReader";

  @Test
  void aMariaDbOutageThatHealsIsOneWarnLinePerReconnect(@TempDir Path dir) throws Exception {
    MariaDbServer server = DedicatedServer.get();
    DedicatedServer.sql(server, "DROP DATABASE IF EXISTS reconnect_db", "CREATE DATABASE reconnect_db",
        "CREATE TABLE reconnect_db.t (id INT PRIMARY KEY)");
    Capture capture = new Capture();
    int outage;
    try (capture; EmbeddedCanal canal = Readers.builder(server, "reconnect_db", dir).name("reconnect").build()) {
      canal.start();
      DedicatedServer.sql(server, "INSERT INTO reconnect_db.t VALUES (1)");
      Readers.drain(canal, Duration.ofSeconds(30), Readers.rowCount("t", 1));
      outage = capture.events().size();
      server.stop();
      try {
        Wait.until("the reader finds the server down", Duration.ofSeconds(60),
            () -> capture.events().stream().anyMatch(e -> e.getFormattedMessage().contains("lost: cannot reach")));
      } finally {
        server.start();
      }
      DedicatedServer.sql(server, "INSERT INTO reconnect_db.t VALUES (2)");
      List<ChangeEvent> after = Readers.drain(canal, Duration.ofSeconds(90), Readers.rowCount("t", 1));
      assertThat(Readers.rows(after, "t").get(0).after("id")).isEqualTo(2L);
    }
    List<ILoggingEvent> all = capture.events();
    List<ILoggingEvent> events = all.subList(outage, all.size());

    List<ILoggingEvent> shown = shownByTheDaemonConfig(events, Level.WARN);
    assertThat(shown).as("WARN and ERROR lines the daemon's log shows").isNotEmpty().allSatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getLoggerName()).isEqualTo(READER);
      assertThat(e.getThrowableProxy()).as("stack trace of: %s", e.getFormattedMessage()).isNull();
      assertThat(e.getFormattedMessage()).doesNotContain("\n").contains("reconnecting in").contains("(attempt ");
    });
    assertThat(shown).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("binlog stream of " + server.host() + ":" + server.port() + " lost: cannot reach"));
    assertThat(shownByTheDaemonConfig(events, Level.INFO)).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("reconnect: reconnected to " + server.host() + ":" + server.port()));
    assertThat(events).as("ERROR from any logger, even one the daemon's config hides").noneMatch(
        e -> e.getLevel() == Level.ERROR && !e.getLoggerName().endsWith(".DirectLogFetcher"));
  }

  @Test
  void aFailureTheReaderGivesUpOnIsOneErrorLine(TestDatabase db, @TempDir Path dir) throws Exception {
    String[] status = db.masterStatus();
    Capture capture = new Capture();
    int started;
    // Offset 5 is inside the binlog header: the server refuses to send from there with error 1236 (fatal).
    try (capture;
        EmbeddedCanal canal = Readers.builder(db, dir).startPosition(StartPosition.at(status[0], 5)).build()) {
      canal.start();
      started = capture.events().size();
      Wait.until("the reader gives up", Duration.ofSeconds(30), () -> {
        try {
          canal.get(10, Duration.ofMillis(200));
          return false;
        } catch (BinlogException e) {
          return true;
        }
      });
    }
    List<ILoggingEvent> all = capture.events();
    List<ILoggingEvent> events = all.subList(started, all.size());
    List<ILoggingEvent> shown = shownByTheDaemonConfig(events, Level.WARN);
    assertThat(shown).hasSize(1).allSatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.ERROR);
      assertThat(e.getLoggerName()).isEqualTo(READER);
      assertThat(e.getThrowableProxy()).isNull();
      assertThat(e.getFormattedMessage()).contains("error 1236").endsWith("; the reader stopped");
    });
  }

  /** The events at {@code least} or above that {@code conf/logback.xml}'s levels let through. */
  private static List<ILoggingEvent> shownByTheDaemonConfig(List<ILoggingEvent> events, Level least)
      throws Exception {
    Path conf = MariaDbServer.Projects.root().resolve("conf/logback.xml");
    assertThat(conf).exists();
    LoggerContext daemon = new LoggerContext();
    Path home = Files.createTempDirectory("logback-home");
    daemon.putProperty("binlogload.home", home.toString());
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(daemon);
      configurator.doConfigure(conf.toFile());
      List<ILoggingEvent> shown = new ArrayList<>();
      for (ILoggingEvent e : events) {
        if (e.getLevel().isGreaterOrEqual(least) && daemon.getLogger(e.getLoggerName()).isEnabledFor(e.getLevel())) {
          shown.add(e);
        }
      }
      return shown;
    } finally {
      daemon.stop();
    }
  }

  /**
   * Every event at INFO and above (DEBUG for org.binlogload, as the tests' config has it) until closed. The tests'
   * config lets through at least what {@code conf/logback.xml} does, so filtering these by its levels is what the
   * daemon shows.
   */
  private static final class Capture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    Capture() {
      appender.start();
      root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
      synchronized (appender) {
        return new ArrayList<>(appender.list);
      }
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      appender.stop();
    }
  }
}
