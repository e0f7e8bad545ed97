package org.binlogload.connector.snapshot;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Set;

/**
 * The one classifier of the snapshot's source faults: a connection reset or killed, a server restarting, a lock wait
 * timeout or a deadlock is transient (the chunk is copied again); access denied, an unknown table or column and every
 * other server error are fatal (retrying cannot heal them). It reads the first {@link SQLException} in the cause chain.
 */
public final class SourceFault {
  /** MySQL and MariaDB error codes a retry heals: the server goes away, the session is killed, a lock or deadlock. */
  private static final Set<Integer> TRANSIENT = Set.of(
      1040, // ER_CON_COUNT_ERROR: too many connections
      1053, // ER_SERVER_SHUTDOWN: server shutdown in progress
      1077, // ER_NORMAL_SHUTDOWN
      1078, // ER_GOT_SIGNAL
      1079, // ER_SHUTDOWN_COMPLETE
      1152, // ER_ABORTING_CONNECTION
      1158, 1159, 1160, 1161, // ER_NET_READ_ERROR, _READ_INTERRUPTED, _ERROR_ON_WRITE, _WRITE_INTERRUPTED
      1205, // ER_LOCK_WAIT_TIMEOUT
      1213, // ER_LOCK_DEADLOCK
      1317, // ER_QUERY_INTERRUPTED: KILL QUERY
      1927, // ER_CONNECTION_KILLED (MariaDB): KILL CONNECTION
      2006, // CR_SERVER_GONE_ERROR
      2013); // CR_SERVER_LOST
  /** Codes that need a person: privileges, a table, database or column that is not there. */
  private static final Set<Integer> FATAL = Set.of(1044, 1045, 1049, 1054, 1142, 1143, 1146, 1227);

  private SourceFault() {
  }

  /** Whether {@code t} (or a cause of it) is a source fault that a retry of the chunk heals. */
  public static boolean isTransient(Throwable t) {
    return sqlCause(t).map(SourceFault::isTransient).orElse(false);
  }

  private static boolean isTransient(SQLException e) {
    int code = e.getErrorCode();
    if (FATAL.contains(code)) {
      return false;
    }
    String state = e.getSQLState();
    // SQLState class 08 is a connection exception (the JDBC driver's communications failures among them)
    return TRANSIENT.contains(code) || (state != null && state.startsWith("08"))
        || e instanceof SQLRecoverableException || e instanceof SQLTransientException;
  }

  /** The first SQLException in the cause chain of {@code t}. */
  static Optional<SQLException> sqlCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException s) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The source's own words for {@code t}, on one line: the SQLException's first line and error code, else {@code t}'s
   * message.
   */
  public static String cause(Throwable t) {
    return sqlCause(t).map(e -> firstLine(e.getMessage()) + (e.getErrorCode() == 0 ? "" : " (error "
        + e.getErrorCode() + ")")).orElseGet(() -> firstLine(t.getMessage() == null ? t.toString() : t.getMessage()));
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
