package org.binlogload.connector.plugin;

import org.binlogload.connector.job.FakeSyncJobFactory;
import org.binlogload.connector.job.SyncEnvironment;
import org.binlogload.connector.job.SyncJobFactory;
import org.binlogload.connector.job.SyncRuntimeProvider;

/** The fake sync runtime, named in plugin.conf of the plugin tests (it travels as an extra jar in the plugin folder). */
public final class FakeRuntimeProvider implements SyncRuntimeProvider {
  /** The provider the plugin instantiates. */
  public FakeRuntimeProvider() {
  }

  @Override
  public SyncJobFactory factory(SyncEnvironment env) {
    return new FakeSyncJobFactory();
  }
}
