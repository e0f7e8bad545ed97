package org.binlogload.ddl.internal;

/** Thrown inside the translator to refuse a statement; never escapes {@code DdlTranslator}. */
public final class Refuse extends RuntimeException {

  private final String remedy;
  private final boolean keepsState;

  /** A refusal with its reason and remedy. */
  public Refuse(String reason, String remedy) {
    this(reason, remedy, false);
  }

  /** A refusal; {@code keepsState} when the definitions touched so far are MySQL's state after the statement. */
  public Refuse(String reason, String remedy, boolean keepsState) {
    super(reason, null, false, false);
    this.remedy = remedy;
    this.keepsState = keepsState;
  }

  /** Whether the translator's table state is MySQL's state after the statement. */
  public boolean keepsState() {
    return keepsState;
  }

  /** What the user can do. */
  public String remedy() {
    return remedy;
  }
}
