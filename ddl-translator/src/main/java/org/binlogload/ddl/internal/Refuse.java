package org.binlogload.ddl.internal;

/** Thrown inside the translator to refuse a statement; never escapes {@code DdlTranslator}. */
public final class Refuse extends RuntimeException {

  private final String remedy;

  /** A refusal with its reason and remedy. */
  public Refuse(String reason, String remedy) {
    super(reason, null, false, false);
    this.remedy = remedy;
  }

  /** What the user can do. */
  public String remedy() {
    return remedy;
  }
}
