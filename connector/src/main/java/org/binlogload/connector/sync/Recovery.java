package org.binlogload.connector.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the target in line with the persisted progress after a crash: a decided round is rolled forward (every
 * write committed; "already committed" is fine), an undecided one is rolled back (every write aborted) so that its
 * range is replayed from the committed position.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  /** Resolves the open round of {@code progress}, if any; afterwards no round is open. */
  static void run(String job, Sink sink, ProgressStore progress) {
    Progress.Round r = progress.current().round();
    if (r == null) {
      return;
    }
    if (r.decided()) {
      LOG.info("job {}: rolling forward the decided round ending at {} ({} loads)", job, r.end(), r.loads().size());
      for (Progress.Load l : r.loads()) {
        sink.commit(l.write());
      }
      progress.write(progress.current().withCommitted(r.end()));
    } else {
      LOG.info("job {}: rolling back the undecided round ending at {} ({} writes); its range is replayed", job,
          r.end(), r.loads().size());
      for (Progress.Load l : r.loads()) {
        sink.abort(l.write());
      }
      progress.write(progress.current().withRound(null));
    }
  }
}
