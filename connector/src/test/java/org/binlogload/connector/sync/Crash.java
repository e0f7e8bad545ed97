package org.binlogload.connector.sync;

/** Simulates the process dying at a chosen step: an Error, so the job does not clean up as for an exception. */
final class Crash extends Error {
  private static final long serialVersionUID = 1L;

  Crash(String where) {
    super("simulated crash " + where);
  }
}
