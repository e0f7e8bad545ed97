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

  /**
   * Checks only that the MySQL credentials of {@code def} connect and may read the binlog (ALTER SYNC JOB on a job
   * that already runs); nothing by default.
   *
   * @throws JobValidationException naming what is wrong and how to fix it
   */
  default void validateCredentials(JobDefinition def) {
  }

  /** This check, then {@code next}. */
  default JobValidator andThen(JobValidator next) {
    JobValidator first = this;
    return new JobValidator() {
      @Override
      public void validate(JobDefinition def) {
        first.validate(def);
        next.validate(def);
      }

      @Override
      public void validateCredentials(JobDefinition def) {
        first.validateCredentials(def);
        next.validateCredentials(def);
      }
    };
  }
}
