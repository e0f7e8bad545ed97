package org.binlogload.canal.internal;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogException.Reason;
import org.binlogload.canal.BinlogSettings;

/** Turns what Canal and the server report into one {@link BinlogException} with a message saying what to do. */
final class ErrorClassifier {
  private static final Pattern ERROR_NUMBER = Pattern.compile("(?:errorNumber=|errno = )(\\d+)");
  private static final Pattern SERVER_MESSAGE = Pattern.compile("(?:message=|errmsg = )(.*?)(?:, sqlState=|$)",
      Pattern.DOTALL);

  private final ReaderConfig config;

  ErrorClassifier(ReaderConfig config) {
    this.config = config;
  }

  /** The server's error number found anywhere in the cause chain, or -1. */
  static int errorNumber(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null) {
        Matcher matcher = ERROR_NUMBER.matcher(m);
        if (matcher.find()) {
          return Integer.parseInt(matcher.group(1));
        }
      }
    }
    return -1;
  }

  private static String serverMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && ERROR_NUMBER.matcher(m).find()) {
        Matcher matcher = SERVER_MESSAGE.matcher(m);
        if (matcher.find()) {
          return matcher.group(1).trim();
        }
        return m.trim();
      }
    }
    return String.valueOf(rootCause(t).getMessage());
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  /** Classifies a failure to connect, query or dump; {@code where} names the position for a dump. */
  BinlogException classify(Throwable t, String where) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof BinlogException b) {
        return b;
      }
    }
    String address = config.address();
    int errno = errorNumber(t);
    String server = errno > 0 ? serverMessage(t) : null;
    switch (errno) {
      case 1045:
        return new BinlogException(Reason.AUTHENTICATION, true, "access denied for " + address
            + ": wrong user or password (server said: " + server + ")", t);
      case 1044:
      case 1142:
      case 1227:
        return new BinlogException(Reason.PRIVILEGE, true, "user " + address + " lacks a privilege (server said: "
            + server + "); " + BinlogSettings.GRANT + " the user", t);
      case 1236:
        return new BinlogException(Reason.POSITION_PURGED, true, "cannot read the binlog of " + hostPort()
            + (where == null ? "" : " from " + where) + ": error 1236 (" + server + "); the position was purged or"
            + " does not exist; the reader will not skip ahead by itself: re-snapshot the tables and start"
            + " from a new position", t);
      case 1129:
      case 1040:
      case 1203:
        return new BinlogException(Reason.CONNECTION, false, "server " + hostPort() + " refused " + address
            + " for now (server said: " + server + ")", t);
      default:
        break;
    }
    if (errno > 0) {
      return new BinlogException(Reason.INTERNAL, false, "reading the binlog of " + hostPort()
          + (where == null ? "" : " at " + where) + " failed with error " + errno + ": " + server, t);
    }
    Throwable root = rootCause(t);
    if (root instanceof ConnectException || root instanceof SocketTimeoutException
        || root instanceof UnknownHostException || root instanceof java.io.IOException
        || root instanceof java.nio.channels.ClosedChannelException) {
      return new BinlogException(Reason.CONNECTION, false, "cannot reach " + hostPort() + " as " + config.user()
          + ": " + root, t);
    }
    return new BinlogException(Reason.INTERNAL, false, "reading the binlog of " + hostPort()
        + (where == null ? "" : " at " + where) + " failed: " + root, t);
  }

  private String hostPort() {
    return config.host() + ":" + config.port();
  }
}
