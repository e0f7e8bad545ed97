package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.inbound.AbstractEventParser;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlEventParser;
import java.lang.reflect.Field;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger of Canal's parser thread, installed in place of Canal's own. Canal logs every failed connect or dump at
 * ERROR with a stack trace ("dump address ... has an error, retrying"), then retries; the reader reports the same
 * failure itself in one line (WARN while it retries, ERROR when it gives up), so these messages, the parser thread's
 * exit when the reader stops it after a fatal failure, and the two WARN lines Canal writes on every connect, go to
 * DEBUG with their stack trace. Everything else passes unchanged, under
 * Canal's class name so that the {@code com.alibaba.otter} log level governs it.
 */
final class ParserLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ParserLogger.class);

  /** Beginnings of the messages the reader reports itself, or that are routine on every connect. */
  static final List<String> TO_DEBUG = List.of(
      "dump address ",                      // a failed connect or dump, then a retry (ERROR with a stack trace)
      "disconnect address ",                // closing the broken connection failed as well
      "ERROR # disconnect ",                // the same for the meta and heartbeat connections
      "parse events has an error",          // the parser thread's end when it is stopped during a failed dump
      "---> begin to find start position",  // WARN on every connect
      "---> find start position successfully");

  private final transient Logger delegate;

  ParserLogger(Logger delegate) {
    this.delegate = delegate;
    this.name = delegate.getName();
  }

  /** Replaces the parser's logger (a final instance field of Canal's AbstractEventParser); false if it cannot. */
  static boolean install(AbstractEventParser<?> parser) {
    try {
      Field field = AbstractEventParser.class.getDeclaredField("logger");
      field.setAccessible(true);
      field.set(parser, new ParserLogger(LoggerFactory.getLogger(MysqlEventParser.class)));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot replace the logger of Canal's parser; its retries are logged as Canal logs them: {}",
          e.toString());
      return false;
    }
  }

  static boolean demoted(String message) {
    if (message == null) {
      return false;
    }
    for (String prefix : TO_DEBUG) {
      if (message.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    Level to = level.toInt() > Level.DEBUG.toInt() && demoted(pattern) ? Level.DEBUG : level;
    if (!delegate.isEnabledForLevel(to)) {
      return;
    }
    String message = arguments == null || arguments.length == 0 ? pattern
        : MessageFormatter.basicArrayFormat(pattern, arguments);
    switch (to) {
      case ERROR -> delegate.error(message, throwable);
      case WARN -> delegate.warn(message, throwable);
      case INFO -> delegate.info(message, throwable);
      case DEBUG -> delegate.debug(message, throwable);
      default -> delegate.trace(message, throwable);
    }
  }

  @Override
  public boolean isTraceEnabled() {
    return delegate.isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return delegate.isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return delegate.isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return delegate.isWarnEnabled() || delegate.isDebugEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return delegate.isErrorEnabled() || delegate.isDebugEnabled();
  }
}
