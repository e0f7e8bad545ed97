package org.binlogload.canal.internal;

import com.alibaba.otter.canal.protocol.CanalEntry;
import com.alibaba.otter.canal.protocol.position.LogIdentity;
import com.alibaba.otter.canal.store.model.Event;

/**
 * A ring event that carries its entry's decoded rows itself, so they are released with the slot's entry once the
 * consumer has taken them (Canal's ring keeps events in its slots until they are overwritten).
 */
final class RowsEvent extends Event {
  private RowDecoder.Rows rows;

  RowsEvent(LogIdentity identity, CanalEntry.Entry entry, RowDecoder.Rows rows) {
    super(identity, entry, false);
    this.rows = rows;
  }

  /** The decoded rows {@code e} carries, or null. */
  static RowDecoder.Rows rows(Event e) {
    return e instanceof RowsEvent r ? r.rows : null;
  }

  /** Drops what {@code e} holds once the consumer has taken it: its entry and its decoded rows. */
  static void release(Event e) {
    e.setEntry(null);
    e.setRawEntry(null);
    if (e instanceof RowsEvent r) {
      r.rows = null;
    }
  }
}
