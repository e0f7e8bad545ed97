package org.binlogload.canal.internal;

import com.alibaba.otter.canal.common.AbstractCanalLifeCycle;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.alibaba.otter.canal.protocol.position.LogIdentity;
import com.alibaba.otter.canal.sink.CanalEventSink;
import com.alibaba.otter.canal.store.model.Event;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Canal's sink into the ring, in place of Canal's entry sink (its filters, handlers, counters and a parser that polls
 * a full ring every 1-10 ms): each transaction's entries become ring events, and a full ring blocks the parser until
 * the consumer acks. A transaction without rows (a table the filter excludes) is passed on only when
 * {@link #EMPTY_INTERVAL_MILLIS} passed since the last one or after {@link #EMPTY_THRESHOLD} of them, as Canal's sink
 * does: its position is the only news it carries.
 */
final class RingSink extends AbstractCanalLifeCycle implements CanalEventSink<List<CanalEntry.Entry>> {
  static final long EMPTY_INTERVAL_MILLIS = 5_000;
  static final int EMPTY_THRESHOLD = 8_192;

  private final BoundedEventStore store;
  private final RowDecoder decoder;
  private volatile boolean interrupted;
  private LogIdentity identity;
  private long lastEmptyMillis;
  private long emptyCount;

  RingSink(BoundedEventStore store, RowDecoder decoder) {
    this.store = store;
    this.decoder = decoder;
  }

  @Override
  public boolean sink(List<CanalEntry.Entry> entries, InetSocketAddress address, String destination)
      throws InterruptedException {
    if (entries.isEmpty()) {
      return true;
    }
    boolean rows = false;
    for (CanalEntry.Entry e : entries) {
      if (e.getEntryType() == CanalEntry.EntryType.ROWDATA) {
        rows = true;
        break;
      }
    }
    if (!rows && quiet(entries.get(0).getHeader().getExecuteTime())) {
      return true;
    }
    LogIdentity id = identity;
    if (id == null || !address.equals(id.getSourceAddress())) {
      id = new LogIdentity(address, -1L);
      identity = id;
    }
    List<Event> events = new ArrayList<>(entries.size());
    for (CanalEntry.Entry e : entries) {
      if (e.getEntryType() == CanalEntry.EntryType.ROWDATA) {
        RowDecoder.Rows decoded = decoder.take(e);
        events.add(decoded != null ? new RowsEvent(id, e, decoded) : new Event(id, e, false));
      } else if (e.getEntryType() != CanalEntry.EntryType.HEARTBEAT) {
        events.add(new Event(id, e, false));
      }
    }
    interrupted = false;
    return events.isEmpty() || store.put(events, () -> running && !interrupted);
  }

  /** Whether a transaction without rows executed at {@code millis} is left out. */
  private boolean quiet(long millis) {
    if (Math.abs(millis - lastEmptyMillis) > EMPTY_INTERVAL_MILLIS || ++emptyCount > EMPTY_THRESHOLD) {
      emptyCount = 0;
      lastEmptyMillis = millis;
      return false;
    }
    return true;
  }

  @Override
  public void interrupt() {
    interrupted = true;
    store.wakeUp();
  }
}
