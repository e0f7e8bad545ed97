package org.binlogload.connector.sync;

import java.util.List;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.DdlEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol a DDL of the job's tables passes through, in this order and no other:
 * <ol>
 *   <li>close the current round: flush and commit every channel up to the event before the DDL;</li>
 *   <li>translate the DDL against the tracked table definitions (pure, so it is computed first, and a DDL of a
 *       table outside the job is let through as an ordinary event without cutting the round); a DDL older than the
 *       definitions the job first read (a start in the past, e.g. {@code earliest}) is already in them and in the
 *       Doris tables made from them, so it passes without being applied, unless it renames a table or column or
 *       drops a table, which would put older rows under the wrong name: that pauses;</li>
 *   <li>hand the neutral schema changes to the sink's {@link SchemaApplier}, which plans them as steps (or refuses),
 *       and apply the steps one by one (progress persisted after each, so a restart neither repeats nor skips one),
 *       waiting for each to finish in the target (again after a restart); if the DDL leaves rows the target already
 *       holds different from MySQL's, pause here until the user accepts it (SKIP DDL AT);</li>
 *   <li>rebind the channels (renames, online schema-change swaps, created and dropped tables);</li>
 *   <li>persist the position past the DDL together with the new schema snapshot, in one atomic switch;</li>
 *   <li>only then return, so rows after the DDL flow again.</li>
 * </ol>
 * A refusal throws {@link DdlRefusedException} before anything is applied; the job pauses at the DDL.
 */
final class DdlBarrier {
  private static final Logger LOG = LoggerFactory.getLogger(DdlBarrier.class);

  /** What the barrier needs from its job. */
  interface Job {
    /** Commits every buffered row (all before the DDL) in one round. */
    void closeRound();

    /** The current bindings. */
    Bindings bindings();

    /** Throws {@link TableDroppedException} if dropping {@code dropped} must cancel the job. */
    void checkDropped(List<String> dropped, DdlEvent ddl);

    /** Rebinds channels to {@code next}. */
    void rebind(Bindings next, DdlEvent ddl);

    /** Marks the source tables {@code ddl} leaves out of the job as not synced, with the reason (table -> reason). */
    default void leftOut(java.util.Map<String, String> reasons, DdlEvent ddl) {}

    /** The schema snapshot to persist: bindings and the planner's tracked tables. */
    byte[] snapshot();

    /** The source's binlog end when the job first read its tables' definitions, or null if unknown. */
    BinlogPosition definitionsAt();
  }

  private static final java.util.regex.Pattern TRUNCATE = java.util.regex.Pattern.compile("(?is)^\\s*TRUNCATE\\b");
  private static final java.util.regex.Pattern RENAMES = java.util.regex.Pattern.compile(
      "(?is)\\bRENAME\\b(?!\\s+(INDEX|KEY)\\b)|^\\s*DROP\\s+(TEMPORARY\\s+)?TABLE\\b");
  private static final java.util.regex.Pattern CHANGE = java.util.regex.Pattern.compile(
      "(?is)\\bCHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(`(?:[^`]|``)+`|\\S+)\\s+(`(?:[^`]|``)+`|\\S+)");

  private final String job;
  private final DdlPlanner planner;
  private final Sink sink;
  private final ProgressStore progress;
  private final SchemaApplier applier;
  private final JobStats stats;

  DdlBarrier(String job, DdlPlanner planner, Sink sink, ProgressStore progress, JobStats stats) {
    this.applier = sink.schema();
    this.job = job;
    this.planner = planner;
    this.sink = sink;
    this.progress = progress;
    this.stats = stats;
  }

  /**
   * Passes {@code ddl} through the barrier; on return its position is committed with the new schema, or, for a DDL
   * that concerns no table of the job, nothing happened and false is returned (it is then an ordinary event).
   * Translating is pure, so it runs first: DDL of other tables must not cut a round.
   */
  boolean pass(DdlEvent ddl, Job owner) {
    return pass(ddl, false, owner);
  }

  /** Whether {@code ddl}, once applied, leaves rows Doris already holds different from MySQL's. */
  boolean leavesRowsDifferent(DdlEvent ddl, Bindings bindings) {
    return planner.plan(ddl, bindings) instanceof DdlPlan.Apply a
        && applier.plan(a.changes(), a.target()) instanceof SchemaPlan.Steps s && !rowsDiffer(s, a.target()).isEmpty();
  }

  /** One sentence per backfill of a bound table: where the rows the target already holds end different. */
  private static List<String> rowsDiffer(SchemaPlan.Steps steps, Bindings bound) {
    List<String> differ = new java.util.ArrayList<>();
    for (org.binlogload.ddl.Backfill f : steps.backfills()) {
      String table = f.table().schema() + "." + f.table().table();
      if (bound.tables().containsKey(table)) {
        differ.add(table + " " + f.columns() + " (" + f.reason() + ": " + f.detail() + ")");
      }
    }
    return differ;
  }

  /**
   * As {@link #pass(DdlEvent, Job)}; a DDL that leaves existing rows different pauses the job after its
   * statements ran, unless {@code rowsDifferAccepted} (the user's SKIP DDL AT its position).
   */
  boolean pass(DdlEvent ddl, boolean rowsDifferAccepted, Job owner) {
    DdlPlan plan = planner.plan(ddl, owner.bindings()); // 2 (pure)
    if (plan instanceof DdlPlan.Ignore ignore) {
      LOG.debug("job {}: DDL at {} does not concern the job ({}): {}", job, ddl.position(), ignore.reason(),
          ddl.sql());
      return false;
    }
    long started = System.nanoTime();
    owner.closeRound(); // 1
    long roundClosed = System.nanoTime();
    BinlogPosition defs = owner.definitionsAt();
    if (defs != null && defs.isAfter(ddl.position()) && !TRUNCATE.matcher(ddl.sql()).find()) {
      passOlderThanDefinitions(ddl, defs, owner);
      return true;
    }
    if (plan instanceof DdlPlan.Refuse refuse) {
      throw new DdlRefusedException(job, ddl, refuse.reason(), refuse.remedy());
    }
    DdlPlan.Apply apply = (DdlPlan.Apply) plan;
    SchemaPlan target = applier.plan(apply.changes(), apply.target());
    if (target instanceof SchemaPlan.Refused refused) {
      throw new DdlRefusedException(job, ddl, refused.reason(), refused.remedy());
    }
    SchemaPlan.Steps steps = (SchemaPlan.Steps) target;
    owner.checkDropped(apply.dropped(), ddl);
    apply(ddl, steps.steps()); // 3
    long applied = System.nanoTime();
    List<String> rowsDiffer = rowsDiffer(steps, apply.target());
    if (!rowsDiffer.isEmpty()) {
      if (!rowsDifferAccepted) {
        throw DdlRefusedException.rowsDiffer(job, ddl, rowsDiffer); // applied, position not moved
      }
      LOG.warn("job {}: DDL at {}: the user accepts that existing rows differ in {}", job, ddl.position(), rowsDiffer);
    }
    owner.rebind(apply.bindings(), ddl); // 4
    owner.leftOut(apply.leftOut(), ddl);
    planner.adopt(ddl, plan);
    progress.commitSchema(owner.snapshot(), ddl.position()); // 5
    long now = System.nanoTime();
    stats.ddlPassed((now - started) / 1_000_000);
    LOG.info("job {}: DDL at {} passed the barrier in {} ms (the round before it committed in {} ms, {} step(s) in {}"
        + " in {} ms, the new schema saved in {} ms): {}", job, ddl.position(), (now - started) / 1_000_000,
        (roundClosed - started) / 1_000_000, steps.steps().size(), sink.name(), (applied - roundClosed) / 1_000_000,
        (now - applied) / 1_000_000, ddl.sql());
    return true;
  } // 6: the caller acknowledges the DDL and resumes rows

  /**
   * Passes a DDL committed before {@code defs}: the definitions the job's Doris tables were made from already hold
   * its effect. A rename or a dropped table would leave the rows before it under a name the tables no longer have,
   * so those pause with the choices.
   */
  private void passOlderThanDefinitions(DdlEvent ddl, BinlogPosition defs, Job owner) {
    if ((RENAMES.matcher(ddl.sql()).find() || renamesColumn(ddl.sql())) && namesBoundTable(ddl, owner.bindings())) {
      throw new DdlRefusedException(job, ddl, "it renames a table or column, or drops a table, before " + defs
          + ", where the job read the table definitions its Doris tables were made from; rows older than it "
          + "would land under names those tables no longer have", "if the table had no rows before this statement, "
          + "skip it; otherwise re-create the job with a start position after " + defs + " (e.g. \"latest\") and "
          + "copy the table's existing rows");
    }
    progress.commitSchema(owner.snapshot(), ddl.position());
    LOG.warn("job {}: DDL at {} precedes {}, where the job read the definitions its Doris tables were made from; "
        + "its effect is already in them, passed without applying: {}", job, ddl.position(), defs, ddl.sql());
  }

  /** Whether {@code ddl} is on, or names, a table the job binds (tables created and gone before are not). */
  private static boolean namesBoundTable(DdlEvent ddl, Bindings bindings) {
    for (String bound : bindings.tables().keySet()) {
      int dot = bound.indexOf('.');
      String schema = bound.substring(0, dot);
      String table = bound.substring(dot + 1);
      if (ddl.schema() != null && !schema.equals(ddl.schema()) && !ddl.sql().contains(schema)) {
        continue;
      }
      if (java.util.regex.Pattern.compile("(^|[^\\p{L}\\p{N}_$])" + java.util.regex.Pattern.quote(table)
          + "($|[^\\p{L}\\p{N}_$])", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(ddl.sql()).find()) {
        return true;
      }
    }
    return false;
  }

  private static boolean renamesColumn(String sql) {
    java.util.regex.Matcher m = CHANGE.matcher(sql);
    while (m.find()) {
      if (!unquote(m.group(1)).equalsIgnoreCase(unquote(m.group(2)))) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String name) {
    return name.startsWith("`") && name.endsWith("`") && name.length() > 1
        ? name.substring(1, name.length() - 1).replace("``", "`") : name;
  }

  /**
   * Applies the steps from the first one not yet recorded as done. Before the first, the barrier records that it
   * started, so that after a crash the step it was running is known to be "maybe applied": the target may have taken
   * it (or still run it) before the daemon died. Sending that one step again, an answer saying the change is already
   * there counts as done; any other step gets no such leniency.
   */
  private void apply(DdlEvent ddl, List<SchemaStep> steps) {
    Progress.DdlProgress started = progress.current().ddl();
    boolean resumed = started != null && started.position().equals(ddl.position());
    int done = resumed ? started.done() : 0;
    int unanswered = resumed ? started.attempting() : -1; // sent before a crash, answer never recorded
    if (done > 0) {
      LOG.info("job {}: DDL at {} resumes after {} of {} steps already applied", job, ddl.position(), done,
          steps.size());
    }
    if (done > 0 && done <= steps.size()) {
      applier.await(steps.get(done - 1)); // applied, but the target may still be running it
    }
    for (int i = done; i < steps.size(); i++) {
      SchemaStep s = steps.get(i);
      progress.write(progress.current().withDdl(new Progress.DdlProgress(ddl.position(), i, i)));
      try {
        applier.send(s);
      } catch (RuntimeException e) {
        if (sink.isRetryable(e)) {
          throw e;
        }
        if (i == unanswered && applier.alreadyApplied(s, e)) {
          // the target ran it before the crash: what it says now is that the change is already there
          LOG.warn("job {}: DDL at {}: step {} [{}] was applied before the restart ({} now says: {})", job,
              ddl.position(), i + 1, s.text(), sink.name(), e.getMessage());
        } else {
          // the target answered: the step is known not applied, so a retry must not take a refusal for success
          progress.write(progress.current().withDdl(new Progress.DdlProgress(ddl.position(), i, -1)));
          throw refused(ddl, steps, i, e);
        }
      }
      progress.write(progress.current().withDdl(new Progress.DdlProgress(ddl.position(), i + 1, -1)));
      applier.await(s);
    }
  }

  private DdlRefusedException refused(DdlEvent ddl, List<SchemaStep> steps, int i, RuntimeException e) {
    String remedy = sink.remedy(e, job, progress.current().committed()).map(Sink.Fix::text)
        .orElse("make the " + sink.name() + " table match the MySQL table by hand");
    return new DdlRefusedException(job, ddl, sink.name() + " refused the translated statement " + (i + 1) + " of "
        + steps.size() + " [" + steps.get(i).text() + "]: " + e.getMessage(), remedy
        + (i > 0 ? " (statements before this one were applied)" : ""), e);
  }
}
