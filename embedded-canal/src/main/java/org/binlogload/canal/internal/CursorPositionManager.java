package org.binlogload.canal.internal;

import com.alibaba.otter.canal.common.AbstractCanalLifeCycle;
import com.alibaba.otter.canal.parse.index.CanalLogPositionManager;
import com.alibaba.otter.canal.protocol.position.LogPosition;
import java.util.function.Supplier;

/**
 * Where Canal's parser asks where to start: its own progress within this run (after a reconnect), else the resume
 * position of our saved cursor. The parser's progress is never persisted: only acks move the saved cursor.
 */
final class CursorPositionManager extends AbstractCanalLifeCycle implements CanalLogPositionManager {
  private final Supplier<LogPosition> savedResume;
  private volatile LogPosition parsed;

  CursorPositionManager(Supplier<LogPosition> savedResume) {
    this.savedResume = savedResume;
  }

  @Override
  public LogPosition getLatestIndexBy(String destination) {
    LogPosition p = parsed;
    return p != null ? p : savedResume.get();
  }

  @Override
  public void persistLogPosition(String destination, LogPosition logPosition) {
    parsed = logPosition;
  }
}
