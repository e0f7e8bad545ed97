package org.binlogload.connector.job;

/** A check a new job must pass before it is created, e.g. the MySQL credentials work or the target is UNIQUE KEY. */
@FunctionalInterface
public interface JobValidator {
  /** Accepts everything. */
  JobValidator NONE = def -> { };

  /**
   * Checks {@code def}.
   *
   * @throws JobValidationException naming what is wrong and how to fix it
   */
  void validate(JobDefinition def);

  /** This check, then {@code next}. */
  default JobValidator andThen(JobValidator next) {
    return def -> {
      validate(def);
      next.validate(def);
    };
  }
}
