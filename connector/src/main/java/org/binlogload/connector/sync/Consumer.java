package org.binlogload.connector.sync;

import java.util.List;
import java.util.Map;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.ChangeEvent;
import org.binlogload.canal.DdlEvent;
import org.binlogload.canal.RowChange;
import org.binlogload.canal.StatementEvent;
import org.binlogload.canal.UndecodableRows;

/**
 * Splits a batch by table into the channels, skipping what is already committed (replays after a restart or a
 * rollback, told apart by the row index inside an event), and stops at a DDL so it can pass the barrier alone, and
 * at rows the reader could not decode of a table it does not skip there.
 */
final class Consumer {
  private final Map<String, Channel> routes;
  private BinlogPosition lastSeen;
  private BinlogPosition lastBoundary;
  private long pendingEvents;
  private BinlogPosition passStatementAt;

  private final NotSynced notSynced;

  Consumer(Map<String, Channel> routes) {
    this(routes, null);
  }

  Consumer(Map<String, Channel> routes, NotSynced notSynced) {
    this.routes = routes;
    this.notSynced = notSynced;
  }

  /**
   * Dispatches {@code events} from index {@code from} while they are after {@code committed}; returns the index of
   * the first DDL to pass the barrier (or statement-logged DML on a tracked table, or undecodable rows of a table
   * synced there, to stop at), or {@code events.size()}.
   */
  int dispatch(List<ChangeEvent> events, int from, BinlogPosition committed) {
    return dispatch(events, from, committed, Floors.NONE);
  }

  /**
   * As {@link #dispatch(List, int, BinlogPosition)}, also skipping rows and DDL of a table at or below its floor (a
   * table copied online, or tables a rewound reader passes again); a skipped event still moves the round's end.
   */
  int dispatch(List<ChangeEvent> events, int from, BinlogPosition committed, Floors floors) {
    for (int i = from; i < events.size(); i++) {
      ChangeEvent e = events.get(i);
      if (!e.position().isAfter(committed)) {
        continue;
      }
      if (belowFloor(e, floors)) {
        lastSeen = e.position();
        if (e instanceof DdlEvent) {
          lastBoundary = e.position(); // a DDL ends its transaction
        }
        pendingEvents++;
        continue;
      }
      if (e instanceof DdlEvent) {
        return i;
      }
      if (e instanceof UndecodableRows u) {
        if (routes.containsKey(u.schema() + "." + u.table())) {
          return i; // rows the job needs but nobody can read: the job commits what came before, then stops here
        }
        lastSeen = e.position(); // rows of a table the job does not sync
        pendingEvents++;
        continue;
      }
      if (e instanceof StatementEvent st) {
        if (trackedTable(st) != null && !st.position().equals(passStatementAt)) {
          return i; // the job commits what came before, then stops here
        }
        lastSeen = e.position();
        pendingEvents++;
        continue;
      }
      if (e instanceof RowChange row) {
        String table = row.schema() + "." + row.table();
        Channel c = routes.get(table);
        if (c != null) {
          c.add(row);
        } else if (notSynced != null && notSynced.contains(table)) {
          notSynced.droppedRow(table, System.currentTimeMillis());
        }
      } else {
        lastBoundary = e.position();
      }
      lastSeen = e.position();
      pendingEvents++;
    }
    return events.size();
  }

  private static boolean belowFloor(ChangeEvent e, Floors floors) {
    if (floors.isEmpty()) {
      return false;
    }
    if (e instanceof RowChange row) {
      return floors.skips(row.schema() + "." + row.table(), row.position());
    }
    if (e instanceof DdlEvent ddl) {
      return floors.skips(ddl.table() == null ? null : ddl.schema() + "." + ddl.table(), ddl.position());
    }
    if (e instanceof StatementEvent st) {
      return floors.skips(st.table() == null ? null : st.schema() + "." + st.table(), st.position());
    }
    if (e instanceof UndecodableRows u) {
      return floors.skips(u.schema() + "." + u.table(), u.position());
    }
    return false; // a transaction end: it may close rows of tables above their floors
  }

  /** Lets the statement at {@code p} pass although it changes a tracked table (the user repaired its rows). */
  void passStatementAt(BinlogPosition p) {
    passStatementAt = p;
  }

  /** The error for a statement-logged DML {@link #dispatch} stopped at. */
  StatementDmlException stop(StatementEvent st) {
    return new StatementDmlException(st, trackedTable(st));
  }

  /** The tracked table {@code st} changes, or null when it changes none the job tracks. */
  private String trackedTable(StatementEvent st) {
    if (st.schema() == null) {
      return routes.isEmpty() ? null : "an unknown table";
    }
    if (st.table() != null) {
      String t = st.schema() + "." + st.table();
      return routes.containsKey(t) ? t : null;
    }
    for (String t : routes.keySet()) {
      if (t.startsWith(st.schema() + ".")) {
        return "a table of " + st.schema();
      }
    }
    return null;
  }

  /** Marks a DDL at {@code p} as dispatched: it ends a round as a transaction end does. */
  void passed(BinlogPosition p) {
    lastSeen = p;
    lastBoundary = p;
    pendingEvents++;
  }

  /** The last event dispatched, or null. */
  BinlogPosition lastSeen() {
    return lastSeen;
  }

  /** The last transaction end or DDL dispatched, or null. */
  BinlogPosition lastBoundary() {
    return lastBoundary;
  }

  /** Events dispatched since the last {@link #roundDone()}. */
  long pendingEvents() {
    return pendingEvents;
  }

  void roundDone() {
    pendingEvents = 0;
  }

  /** Forgets positions after a rollback. */
  void reset() {
    lastSeen = null;
    lastBoundary = null;
    pendingEvents = 0;
  }
}
