package org.binlogload.connector.sync;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.DorisConfig;
import org.binlogload.connector.doris.RetryPolicy;
import org.binlogload.dorisdouble.DorisDouble;

/** The Doris double, a client to it and a task pool: what the engine's MariaDB tests run their jobs over. */
final class EngineFixture implements AutoCloseable {
  final DorisDouble doris;
  final DorisClient client;
  final ExecutorService pool = Executors.newFixedThreadPool(2);

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

  @Override
  public void close() {
    pool.shutdownNow();
    client.close();
    doris.close();
  }
}
