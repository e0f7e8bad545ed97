package org.binlogload.ddl;

import java.util.List;

/** What a renderer made of one {@link SchemaChange}: target statements and notes, or a refusal reason and remedy. */
public record Rendering(List<DorisStatement> statements, List<String> notes, String refusalReason, String remedy) {

  /** Copies the lists. */
  public Rendering {
    statements = List.copyOf(statements);
    notes = List.copyOf(notes);
  }

  /** Statements with notes. */
  public static Rendering of(List<DorisStatement> statements, List<String> notes) {
    return new Rendering(statements, notes, null, null);
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
