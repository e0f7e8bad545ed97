package org.binlogload.canal.internal;

import com.alibaba.otter.canal.protocol.CanalEntry;
import com.alibaba.otter.canal.store.memory.MemoryEventStoreWithBuffer;
import com.alibaba.otter.canal.store.model.BatchMode;
import com.alibaba.otter.canal.store.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Canal's ring (put/get/ack cursors, rollback, DDL isolation) bounded by entries and by bytes, which drops entries
 * the parser reads twice after a reconnect and lets the consumer wait for the first entry without taking it.
 *
 * <p>Bytes are the heap an entry holds, {@link #heapBytes}, as RingMemoryTest measures it (Canal's own estimate, six
 * times the binlog event length, counted bulk rows events at about 1.7 times their heap and one-row entries below
 * it). They are counted on put (and stored as the event's raw length) and released when the consumer acks.
 */
final class BoundedEventStore extends MemoryEventStoreWithBuffer {
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final Condition space = lock.newCondition();
  private long bytes;
  private long lastFileSeq = -1;
  private String lastFile;
  private long lastOffset = -1;
  private boolean woken;
  /** The sequence a consumer lingering for more entries has; -1 when none lingers. */
  private long lingeringFrom = -1;

  BoundedEventStore(int entries, long maxBytes) {
    super(BatchMode.ITEMSIZE);
    setBufferSize(entries);
    setDdlIsolation(true);
    setRaw(false);
    this.maxBytes = maxBytes;
  }

  /** The heap one entry holds besides its content: the entry, header, event and ring slot objects. */
  static final int ENTRY_OVERHEAD_BYTES = 1200;
  /** The heap a rows event's decoded rows hold per byte of the event in the binlog (RingMemoryTest measures it). */
  static final int ROWS_HEAP_PER_BINLOG_BYTE = 4;

  /**
   * The heap {@code e} holds while in the ring: a rows event's rows are decoded into typed values held beside its
   * header-only entry ({@link RowDecoder}), counted in proportion to the event's binlog length; any other entry
   * counts its serialized size; both plus a fixed overhead (RingMemoryTest measures both against the heap).
   */
  static long heapBytes(Event e) {
    CanalEntry.Entry entry = e.getEntry();
    if (entry == null) {
      return ENTRY_OVERHEAD_BYTES + e.getRawLength();
    }
    if (entry.getEntryType() == CanalEntry.EntryType.ROWDATA && entry.getStoreValue().isEmpty()) {
      return ENTRY_OVERHEAD_BYTES + ROWS_HEAP_PER_BINLOG_BYTE * entry.getHeader().getEventLength();
    }
    return ENTRY_OVERHEAD_BYTES + entry.getSerializedSize();
  }

  @Override
  public boolean tryPut(List<Event> data) {
    List<Event> fresh = dropSeen(data);
    if (fresh.isEmpty()) {
      return true;
    }
    long size = 0;
    for (Event e : fresh) {
      long b = heapBytes(e);
      e.setRawLength(b); // what the reader releases on ack
      size += b;
    }
    lock.lock();
    try {
      if (bytes > 0 && bytes + size > maxBytes) {
        return false;
      }
      if (!super.tryPut(fresh)) {
        return false;
      }
      bytes += size;
      Event last = fresh.get(fresh.size() - 1);
      lastFile = last.getJournalName();
      lastFileSeq = fileSequence(lastFile);
      lastOffset = last.getPosition();
      if (lingeringFrom < 0 || getPutSequence().get() - lingeringFrom >= LINGER_ENTRIES) {
        available.signalAll(); // a lingering consumer is woken once it has a batch's worth, not at every transaction
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts {@code data}, waiting while the ring is full and {@code go} holds; false when it stopped holding. The wait
   * ends when the consumer releases entries, and at least every {@link #FULL_RECHECK_MILLIS}.
   */
  boolean put(List<Event> data, BooleanSupplier go) throws InterruptedException {
    lock.lock(); // held from the failed try to the wait, so a release in between is not missed
    try {
      while (go.getAsBoolean()) {
        if (tryPut(data)) {
          return true;
        }
        if (lingeringFrom >= 0) {
          available.signalAll(); // the ring is full: a consumer lingering for more takes what there is
        }
        space.await(FULL_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a writer waits for space in the ring. */
  boolean hasWaitingWriter() {
    lock.lock();
    try {
      return lock.hasWaiters(space);
    } finally {
      lock.unlock();
    }
  }

  /** How long a full ring's writer waits at most before it looks again without being woken. */
  static final long FULL_RECHECK_MILLIS = 10;

  @Override
  public void put(List<Event> data) {
    throw new UnsupportedOperationException("the sink puts with tryPut");
  }

  @Override
  public boolean put(List<Event> data, long timeout, TimeUnit unit) {
    throw new UnsupportedOperationException("the sink puts with tryPut");
  }

  /** Entries at or before the last one put are a re-read after a reconnect; heartbeats carry nothing. */
  private List<Event> dropSeen(List<Event> data) {
    List<Event> out = null;
    for (int i = 0; i < data.size(); i++) {
      Event e = data.get(i);
      boolean keep = e.getEntryType() != CanalEntry.EntryType.HEARTBEAT && isAfterLast(e);
      if (!keep && out == null) {
        out = new ArrayList<>(data.subList(0, i));
      } else if (keep && out != null) {
        out.add(e);
      }
    }
    return out == null ? data : out;
  }

  private boolean isAfterLast(Event e) {
    if (lastFile == null) {
      return true;
    }
    long seq = fileSequence(e.getJournalName());
    if (seq != lastFileSeq) {
      return seq > lastFileSeq;
    }
    return e.getPosition() > lastOffset;
  }

  /** Releases the bytes of acked entries. */
  void released(long size) {
    lock.lock();
    try {
      bytes = Math.max(0, bytes - size);
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes held by entries not yet acked. */
  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  /** A consumer that finds fewer entries than this waits up to {@link #LINGER_NANOS} for more. */
  static final int LINGER_ENTRIES = 64;
  /** How long a consumer waits for a batch's worth of entries once the first is there. */
  static final long LINGER_NANOS = 1_000_000;

  /**
   * Waits until an entry after sequence {@code gotSequence} was put, then at most {@link #LINGER_NANOS} more while
   * fewer than {@link #LINGER_ENTRIES} are there (one-row transactions come one by one: taking them one at a time
   * woke the consumer for each); false on timeout or when {@link #wakeUpConsumer} was called since the last wait.
   */
  boolean awaitAfter(long gotSequence, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeoutNanos;
      while (getPutSequence().get() <= gotSequence) {
        if (nanos <= 0 || woken) {
          woken = false;
          return false;
        }
        nanos = available.awaitNanos(nanos);
      }
      long linger = LINGER_NANOS;
      lingeringFrom = gotSequence;
      while (linger > 0 && !woken && getPutSequence().get() - gotSequence < LINGER_ENTRIES
          && !lock.hasWaiters(space)) {
        linger = available.awaitNanos(linger);
      }
      return true;
    } finally {
      lingeringFrom = -1;
      lock.unlock();
    }
  }

  /** Wakes a waiting consumer and a waiting writer (when the reader fails or stops). */
  void wakeUp() {
    lock.lock();
    try {
      available.signalAll();
      space.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Makes the waiting (or the next waiting) consumer's {@link #awaitAfter} return at once. */
  void wakeUpConsumer() {
    lock.lock();
    try {
      woken = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static long fileSequence(String file) {
    if (file == null) {
      return -1;
    }
    int dot = file.lastIndexOf('.');
    try {
      return dot < 0 ? -1 : Long.parseLong(file.substring(dot + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
