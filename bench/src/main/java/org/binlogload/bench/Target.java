package org.binlogload.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.binlogload.dorisdouble.DorisDouble;

/** The Doris double an end-to-end bench loads into: in the bench's JVM, or in a process of its own. */
interface Target extends AutoCloseable {

  /** The FE's host:port. */
  String feAddress();

  String user();

  String password();

  /** The rows of {@code stmt}'s result set (none for other statements); fails when Doris refuses it. */
  List<List<String>> query(String db, String stmt);

  /** Runs {@code stmt}; fails when Doris refuses it. */
  default void sql(String db, String stmt) {
    query(db, stmt);
  }

  /** The visible rows of {@code table}. */
  default long count(String db, String table) {
    return Long.parseLong(query(db, "SELECT COUNT(*) FROM " + table).get(0).get(0));
  }

  /** A few words on where the double runs and what it cost, for the bench's summary line. */
  String describe();

  @Override
  void close() throws InterruptedException;

  /** A double in this JVM (its CPU and heap count as the bench's). */
  static Target inProcess() {
    DorisDouble d = DorisDouble.builder().password("bench-pw").backends(3).start();
    return new Target() {
      @Override
      public String feAddress() {
        return d.feAddress();
      }

      @Override
      public String user() {
        return d.user();
      }

      @Override
      public String password() {
        return d.password();
      }

      @Override
      public List<List<String>> query(String db, String stmt) {
        return d.sql(db, stmt).rows();
      }

      @Override
      public long count(String db, String table) {
        return d.count(db, table);
      }

      @Override
      public String describe() {
        return "; the double ran in this JVM";
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }

  /** A double in a process of its own ({@code -Xmx1g}), its stderr appended to {@code log}. */
  static Target process(Path log) throws IOException {
    TargetProcess p = TargetProcess.start(false, log);
    return new Target() {
      @Override
      public String feAddress() {
        return p.feAddress();
      }

      @Override
      public String user() {
        return ProductPeer.DORIS_USER;
      }

      @Override
      public String password() {
        return ProductPeer.DORIS_PASSWORD;
      }

      @Override
      public List<List<String>> query(String db, String stmt) {
        try {
          return p.query(db, stmt);
        } catch (IOException e) {
          throw new IllegalStateException("the Doris double process did not answer " + stmt + ": " + e, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }

      @Override
      public String describe() {
        try {
          return String.format(Locale.ROOT, "; the double's process: %.1f CPU s, peak RSS %d MB", p.cpuSeconds(),
              p.peakRssMb());
        } catch (IOException e) {
          return "; the double's process: no /proc figures (" + e.getMessage() + ")";
        }
      }

      @Override
      public void close() throws InterruptedException {
        p.close();
      }
    };
  }
}
