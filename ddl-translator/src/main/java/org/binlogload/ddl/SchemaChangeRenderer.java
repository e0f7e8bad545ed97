package org.binlogload.ddl;

/** Turns neutral schema changes into statements for one target system; the parser side never depends on it. */
public interface SchemaChangeRenderer {

  /** Renders one change, or says why the target would refuse it. */
  Rendering render(SchemaChange change);
}
