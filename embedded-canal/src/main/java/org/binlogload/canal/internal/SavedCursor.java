package org.binlogload.canal.internal;

import java.util.Optional;
import org.binlogload.canal.BinlogException;
import org.binlogload.canal.BinlogException.Reason;
import org.binlogload.canal.BinlogPosition;
import org.binlogload.canal.BinlogSettings;
import org.binlogload.canal.StartPosition;

/** The reader's cursor in its {@link org.binlogload.canal.DurableStore}, or the start position resolved if none. */
final class SavedCursor {
  private final ReaderConfig config;

  SavedCursor(ReaderConfig config) {
    this.config = config;
  }

  /** The saved cursor checked against the source's binlogs, else the configured start position resolved and saved. */
  Cursor startCursor(SourceInspector.SourceState state) {
    Cursor saved = load();
    Cursor cursor = saved != null ? validate(saved, state) : resolveStart(state);
    if (saved == null) {
      save(cursor);
    }
    return cursor;
  }

  /** The saved cursor, or null if there is none. */
  Cursor load() {
    Optional<byte[]> bytes = config.store().get(Cursor.key(config.name()));
    return bytes.map(b -> Cursor.decode(config.name(), b)).orElse(null);
  }

  void save(Cursor c) {
    config.store().put(Cursor.key(config.name()), c.encode(config.name()));
  }

  private Cursor validate(Cursor saved, SourceInspector.SourceState state) {
    if (!saved.gtidMode() && state.find(saved.resume().file()) == null) {
      throw new BinlogException(Reason.POSITION_PURGED, true, "saved position " + saved.resume() + " of "
          + config.name() + " is in binlog file " + saved.resume().file() + ", which " + config.host() + ":"
          + config.port() + " no longer has (oldest: " + (state.binaryLogs().isEmpty() ? "none"
          : state.binaryLogs().get(0).file()) + "); the reader will not skip ahead by itself: re-snapshot the"
          + " tables and start from a new position");
    }
    return saved;
  }

  private Cursor resolveStart(SourceInspector.SourceState state) {
    StartPosition start = config.startPosition();
    long now = System.currentTimeMillis();
    switch (start.kind()) {
      case LATEST:
        return new Cursor(BinlogPosition.of(state.masterFile(), state.masterOffset(), -1, state.gtidCurrentPos(),
            now, state.serverId()), null, false);
      case EARLIEST: {
        if (state.binaryLogs().isEmpty()) {
          throw BinlogSettings.noBinlog("SHOW BINARY LOGS", config.host() + ":" + config.port(),
              BinlogSettings.Fix.SERVER_OPTIONS);
        }
        return new Cursor(BinlogPosition.of(state.binaryLogs().get(0).file(), 4, -1, null, now, state.serverId()),
            null, false);
      }
      case FILE_OFFSET: {
        SourceInspector.BinaryLog log = state.find(start.file());
        if (log == null) {
          throw new BinlogException(Reason.POSITION_PURGED, true, "start position " + start + " is in a binlog file "
              + config.host() + ":" + config.port() + " does not have (oldest: " + (state.binaryLogs().isEmpty()
              ? "none" : state.binaryLogs().get(0).file()) + "); choose a file from SHOW BINARY LOGS");
        }
        if (start.offset() > log.size()) {
          throw new BinlogException(Reason.CONFIGURATION, true, "start position " + start + " is beyond the end of "
              + start.file() + " (" + log.size() + " bytes)");
        }
        return new Cursor(BinlogPosition.of(start.file(), start.offset(), -1, null, now, state.serverId()), null,
            false);
      }
      case GTID: {
        if (!state.mariaDb() && start.gtidSet().isEmpty()) {
          throw new BinlogException(Reason.CONFIGURATION, true, "an empty GTID set is supported on MariaDB only");
        }
        // The file is informational in GTID mode (the server finds the place from the set).
        String set = start.gtidSet().isEmpty() ? SafeMariaGtidSet.EMPTY_SENTINEL : start.gtidSet();
        return new Cursor(BinlogPosition.of(state.binaryLogs().isEmpty() ? state.masterFile()
            : state.binaryLogs().get(0).file(), 4, -1, set, now, state.serverId()), null, true);
      }
      default:
        throw new IllegalStateException("unknown start kind " + start.kind());
    }
  }
}
