package org.binlogload.connector.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.binlogload.connector.job.JobManager;
import org.binlogload.connector.job.JobValidationException;
import org.binlogload.connector.job.Statement;
import org.binlogload.connector.job.SyncStatementException;
import org.binlogload.connector.job.SyncStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the job files of a directory ({@code *.sql}, in name order) at start: each CREATE SYNC JOB creates its job
 * unless an active job of that name exists, so restarting applies nothing twice.
 */
public final class JobFiles {
  private static final Logger LOG = LoggerFactory.getLogger(JobFiles.class);

  private JobFiles() {
  }

  /**
   * Applies every file; returns the names of the jobs created. A file that does not parse, or holds another
   * statement than CREATE SYNC JOB, stops the start with its name and the error; a job that fails validation is
   * logged and skipped.
   */
  public static List<String> apply(Path dir, JobManager manager, String defaultDatabase) {
    List<String> created = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      LOG.info("no job directory {}; no job files applied", dir);
      return created;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list job files in " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read job file " + f + ": " + e.getMessage(), e);
      }
      List<Statement> statements;
      try {
        statements = SyncStatements.parseAll(text, defaultDatabase);
      } catch (SyncStatementException e) {
        throw new IllegalArgumentException("job file " + f.getFileName() + ": " + e.getMessage(), e);
      }
      for (Statement s : statements) {
        if (!(s instanceof Statement.CreateSyncJob c)) {
          throw new IllegalArgumentException("job file " + f.getFileName() + ": only CREATE SYNC JOB belongs in a "
              + "job file; send PAUSE, RESUME, STOP and SHOW through bin/binlog-load sql");
        }
        try {
          if (manager.createIfAbsent(c.definition())) {
            created.add(c.definition().qualifiedName());
            LOG.info("job file {}: created sync job {}", f.getFileName(), c.definition().qualifiedName());
          }
        } catch (JobValidationException e) {
          LOG.error("job file {}: sync job {} not created: {}", f.getFileName(), c.definition().qualifiedName(),
              e.getMessage());
        }
      }
    }
    return created;
  }
}
