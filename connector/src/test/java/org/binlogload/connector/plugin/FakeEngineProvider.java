package org.binlogload.connector.plugin;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.job.FakeSyncEngine;
import org.binlogload.connector.job.SyncEngine;

/** The fake sync engine, named in plugin.conf of the plugin tests (it travels as an extra jar in the plugin folder). */
public final class FakeEngineProvider implements SyncEngine.Provider {
  /** The provider the plugin instantiates. */
  public FakeEngineProvider() {
  }

  @Override
  public SyncEngine open(DorisClient doris, ExecutorService taskPool, Clock clock) {
    return new FakeSyncEngine();
  }
}
