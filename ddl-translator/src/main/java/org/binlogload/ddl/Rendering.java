package org.binlogload.ddl;

import java.util.List;

/**
 * What a renderer made of one {@link SchemaChange}: target statements, notes and the backfills the change leaves
 * needed (see {@link Backfill}), or a refusal reason and remedy.
 */
public record Rendering(List<DorisStatement> statements, List<String> notes, String refusalReason, String remedy,
                        List<Backfill> backfills) {

  /** Copies the lists. */
  public Rendering {
    statements = List.copyOf(statements);
    notes = List.copyOf(notes);
    backfills = List.copyOf(backfills);
  }

  /** A rendering without backfills. */
  public Rendering(List<DorisStatement> statements, List<String> notes, String refusalReason, String remedy) {
    this(statements, notes, refusalReason, remedy, List.of());
  }

  /** Statements with notes. */
  public static Rendering of(List<DorisStatement> statements, List<String> notes) {
    return new Rendering(statements, notes, null, null);
  }

  /** Statements with notes, after which Doris's existing rows need {@code backfills}. */
  public static Rendering of(List<DorisStatement> statements, List<String> notes, List<Backfill> backfills) {
    return new Rendering(statements, notes, null, null, backfills);
  }

  /** Nothing to run, with a note saying why. */
  public static Rendering nothing(String note) {
    return new Rendering(List.of(), List.of(note), null, null);
  }

  /** The target would refuse the change. */
  public static Rendering refused(String reason, String remedy) {
    return new Rendering(List.of(), List.of(), reason, remedy);
  }

  /** Whether the change was refused. */
  public boolean isRefused() {
    return refusalReason != null;
  }
}
