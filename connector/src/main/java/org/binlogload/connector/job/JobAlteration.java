package org.binlogload.connector.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What ALTER SYNC JOB may change under a job that keeps its position and tables: the MySQL credentials, the commit
 * policy and the properties of Doris tables created from now on. Everything that decides where the job reads or how
 * its tables are named and typed stays as created, and the refusal says why.
 */
final class JobAlteration {
  private JobAlteration() {}

  /** {@code def} with the statement's values set; the commit policy is checked as at CREATE. */
  static JobDefinition apply(JobDefinition def, Statement.AlterSyncJob alter) {
    SourceSpec.Builder source = def.source().toBuilder();
    String user = alter.source().get(SyncStatements.USER);
    if (user != null) {
      if (user.isBlank()) {
        throw new JobValidationException(SyncStatements.USER + " is empty; give the MySQL user the job reads as");
      }
      source.user(user.trim());
    }
    String password = alter.source().get(SyncStatements.PASSWORD);
    if (password != null) {
      source.password(password);
    }
    Map<String, String> properties = new LinkedHashMap<>(def.properties());
    properties.putAll(alter.properties());
    CommitPolicy policy;
    try {
      policy = CommitPolicy.fromProperties(properties);
    } catch (IllegalArgumentException e) {
      throw new JobValidationException("ALTER SYNC JOB " + def.qualifiedName() + ": " + e.getMessage());
    }
    return def.toBuilder().source(source.build()).properties(properties).commitPolicy(policy).build();
  }

  /** Why FROM BINLOG property {@code key} (shown as {@code shown}) cannot change under a job. */
  static String fixedBinlogReason(String key, String shown) {
    String why = switch (key) {
      case SyncStatements.HOST, SyncStatements.PORT, SyncStatements.TYPE ->
          "a job's binlog position belongs to the server it reads";
      case SyncStatements.SERVER_ID -> "the replica server id is fixed for the life of a job";
      case SyncStatements.START_POSITION -> "a job that ran continues from its committed position";
      default -> "it is not a FROM BINLOG property";
    };
    return shown + " cannot be changed by ALTER SYNC JOB: " + why + "; only \"" + SyncStatements.USER + "\" and \""
        + SyncStatements.PASSWORD + "\" can; to read elsewhere, STOP SYNC JOB and create a new job (with "
        + "\"" + SyncStatements.START_POSITION + "\" at that server's position)";
  }

  /** Why job property {@code key} cannot change under a job. */
  static String fixedPropertyReason(String key) {
    return "property \"" + key + "\" cannot be changed by ALTER SYNC JOB: it decides how the job's existing Doris "
        + "tables are named and typed; to change it, STOP SYNC JOB and create a new job; ALTER may change "
        + new java.util.TreeSet<>(SyncStatements.ALTERABLE_PROPERTIES);
  }
}
