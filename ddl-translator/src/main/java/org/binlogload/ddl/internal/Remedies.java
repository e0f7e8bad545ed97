package org.binlogload.ddl.internal;

/** The remedies refusals of the statement translator share. */
final class Remedies {

  /** For a change a Doris UNIQUE KEY table cannot make in place. */
  static final String RECREATE = "recreate the Doris table with the new definition and reload it from MySQL, "
      + "then skip this statement";

  /** For a statement the translator does not understand or support. */
  static final String BY_HAND = "apply the change to Doris by hand if needed, then skip this statement";

  private Remedies() {
  }
}
