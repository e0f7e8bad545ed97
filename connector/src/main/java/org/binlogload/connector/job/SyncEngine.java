package org.binlogload.connector.job;

import java.time.Clock;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.state.StateStore;

/**
 * The sync engine as the job manager sees it: the whole SPI between the two, in one file.
 *
 * <ul>
 *   <li>a host (the daemon, the FE plugin) finds a {@link Provider} ({@code sync_runtime_provider}, else
 *       {@link ServiceLoader}) and {@linkplain Provider#open opens} it over its Doris client, task pool and clock;
 *   <li>the job manager asks the engine to {@link #create} one {@link Job} per sync job, and drives it;
 *   <li>the job tells the manager of every change it makes on its own (a pause on an error, a cancel on a dropped
 *       table, waiting to retry and healing) through the {@link Listener} it was created with.
 * </ul>
 *
 * <p>The real engine is {@code org.binlogload.connector.sync.CanalDorisEngine}; tests use a fake.
 */
public interface SyncEngine {
  /**
   * A new job in state PENDING for job {@code jobId}, keeping its durable state in {@code state}, and telling
   * {@code listener} of the changes it makes on its own.
   */
  Job create(long jobId, JobDefinition definition, StateStore state, Listener listener);

  /** The running side of one sync job, as the job manager drives it. */
  interface Job {
    /** Starts reading and loading: PENDING -> RUNNING. */
    void start();

    /** Stops reading after the current round commits, keeping the position: RUNNING -> PAUSED; never hangs. */
    void pause();

    /** Continues from the committed position: PAUSED -> RUNNING (also retries a refused DDL). */
    void resume();

    /** Stops for good: any state -> CANCELLED; never hangs. */
    void stop();

    /** The current state. */
    JobState state();

    /** Why the job paused or was cancelled, or why it waits to retry (statement, position, reason, fix), or empty. */
    String message();

    /** A snapshot of the job's progress. */
    SyncStatus status();

    /** Skips exactly the refused DDL at {@code position}, once the user applied it by hand; logged. */
    void skipDdl(String position);
  }

  /**
   * Hears the changes a job makes on its own: a move out of RUNNING (PAUSED on an error or a refused DDL, CANCELLED
   * on a dropped table), and a new {@link Job#message()} while RUNNING (waiting to retry, delivering again). Not
   * called for the moves the manager asks for (start, pause, resume, stop). Called on the job's own thread, outside
   * the job's locks; it must return quickly and not call back into the job's lifecycle.
   */
  @FunctionalInterface
  interface Listener {
    /** Hears nothing. */
    Listener NONE = (state, message) -> { };

    /** The job is now in {@code state} with {@code message} (empty when there is none). */
    void changed(JobState state, String message);
  }

  /** How a host gets the engine: a public class with a public no-arg constructor. */
  @FunctionalInterface
  interface Provider {
    /** The engine whose jobs share {@code doris} (thread-safe), {@code taskPool} (all load tasks) and {@code clock}. */
    SyncEngine open(DorisClient doris, ExecutorService taskPool, Clock clock);

    /** The provider named {@code className} (public no-arg constructor), or the first one {@code ServiceLoader} finds. */
    static Provider load(String className, ClassLoader loader) {
      if (className != null && !className.isBlank()) {
        try {
          Class<?> c = Class.forName(className.trim(), true, loader);
          return (Provider) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
          throw new IllegalArgumentException("sync runtime provider " + className + " cannot be created ("
              + e + "); name a public class implementing " + Provider.class.getName()
              + " with a public no-arg constructor", e);
        }
      }
      for (Provider p : ServiceLoader.load(Provider.class, loader)) {
        return p;
      }
      throw new IllegalStateException("no sync runtime on the class path: no " + Provider.class.getName()
          + " registered in META-INF/services; set sync_runtime_provider to one");
    }
  }
}
