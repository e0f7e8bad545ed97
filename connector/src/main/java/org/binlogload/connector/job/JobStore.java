package org.binlogload.connector.job;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.binlogload.connector.state.StateStore;

/**
 * Where the job manager keeps its jobs in the {@link StateStore}: {@code manager/counter} (the next job id),
 * {@code jobs/<id>/definition}, {@code jobs/<id>/record}, and {@code jobs/<id>/sync/...}, the scope handed to the
 * engine's job. Every value carries a format version ({@link JobCodec}).
 */
final class JobStore {
  private static final String COUNTER = "manager/counter";

  private final StateStore store;

  JobStore(StateStore store) {
    this.store = store;
  }

  /** Every persisted job by id; a job whose record is missing gets a new one created at {@code now}. */
  Map<Long, ManagedJob> load(long now) {
    Map<Long, ManagedJob> jobs = new TreeMap<>();
    for (String key : store.keys("jobs/")) {
      if (!key.endsWith("/definition") || key.split("/").length != 3) {
        continue;
      }
      byte[] bytes = store.get(key).orElseThrow();
      long id = JobCodec.readId(key, bytes);
      JobDefinition def = JobCodec.readDefinition(key, bytes);
      String recordKey = recordKey(id);
      JobRecord record = store.get(recordKey).map(r -> JobCodec.readRecord(recordKey, r))
          .orElse(JobRecord.created(now));
      jobs.put(id, new ManagedJob(id, def, record));
    }
    return jobs;
  }

  /** Persists the definition of a new job. */
  void saveDefinition(long id, JobDefinition def) {
    store.put("jobs/" + id + "/definition", JobCodec.writeDefinition(id, def));
  }

  /** Persists {@code record} as job {@code id}'s record. */
  void saveRecord(long id, JobRecord record) {
    store.put(recordKey(id), JobCodec.writeRecord(record));
  }

  /** Takes the next job id: above the persisted counter and every id in {@code used}. */
  long nextId(Set<Long> used) {
    long next = store.get(COUNTER).map(b -> JobCodec.readCounter(COUNTER, b)).orElse(1L);
    for (long u : used) {
      next = Math.max(next, u + 1);
    }
    store.put(COUNTER, JobCodec.writeCounter(next + 1));
    return next;
  }

  /** The scope of job {@code id}'s own durable state, for the engine. */
  StateStore engineScope(long id) {
    return store.scoped("jobs/" + id + "/sync");
  }

  private static String recordKey(long id) {
    return "jobs/" + id + "/record";
  }
}
