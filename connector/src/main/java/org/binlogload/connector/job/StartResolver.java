package org.binlogload.connector.job;

/**
 * Fixes a new job's start position before CREATE SYNC JOB returns: {@code latest} becomes the source's current
 * {@code <file>:<pos>}, so that every change committed after the statement returns is read.
 */
@FunctionalInterface
public interface StartResolver {
  /** Keeps the start position as written (the runtime resolves {@code latest} when it connects). */
  StartResolver NONE = SourceSpec::startPosition;

  /**
   * The concrete start position for {@code source}; positions other than {@code latest} are returned as they are.
   *
   * @throws JobValidationException naming the source and the fix when the position cannot be read
   */
  String resolve(SourceSpec source);

  /** {@code def} with its start position fixed by this resolver. */
  default JobDefinition fix(JobDefinition def) {
    String start = resolve(def.source());
    if (start.equals(def.source().startPosition())) {
      return def;
    }
    return def.toBuilder().source(def.source().toBuilder().startPosition(start).build()).build();
  }
}
