package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.connector.job.JobDefinition;
import org.binlogload.connector.state.StateStore;
import org.binlogload.dorisdouble.DorisDouble;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Doris double, a client to it and a task pool, what the engine's MariaDB tests run their jobs over; as a JUnit
 * extension ({@code @RegisterExtension static}) it stops each test's jobs after the test and itself after the class.
 */
final class EngineFixture implements AutoCloseable, AfterEachCallback, AfterAllCallback {
  final DorisDouble doris;
  final DorisClient client;
  final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<SyncJob> jobs = new ArrayList<>();

  EngineFixture(DorisDouble.Builder builder) {
    doris = builder.start();
    client = DorisClient.create(DorisConfig.builder().feAddress(doris.feAddress()).user(doris.user())
        .password(doris.password()).retryPolicy(RetryPolicy.of(4, Duration.ofMillis(20), Duration.ofMillis(200)))
        .build());
  }

  /** An engine over the double, polling the binlog every 50 ms. */
  CanalDorisEngine engine() {
    return CanalDorisEngine.builder().doris(client).pool(pool).pollTimeout(Duration.ofMillis(50)).build();
  }

  /** A job over the double, stopped after the test. */
  SyncJob create(long id, JobDefinition def, StateStore state) {
    SyncJob j = engine().create(id, def, state);
    jobs.add(j);
    return j;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    jobs.forEach(SyncJob::stop);
    jobs.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    client.close();
    doris.close();
  }
}
