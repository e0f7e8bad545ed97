package org.binlogload.canal;

import java.util.List;
import java.util.Objects;

/** Events handed out by one {@link EmbeddedCanal#get}; acknowledged as a whole by its id. */
public final class Batch {
  private static final Batch EMPTY = new Batch(-1L, List.of());

  private final long id;
  private final List<ChangeEvent> events;

  private Batch(long id, List<ChangeEvent> events) {
    this.id = id;
    this.events = events;
  }

  /** A batch with the given id and events. */
  public static Batch of(long id, List<ChangeEvent> events) {
    Objects.requireNonNull(events, "events == null");
    return new Batch(id, List.copyOf(events));
  }

  /** The batch returned when nothing arrived in time; its id is -1. */
  public static Batch empty() {
    return EMPTY;
  }

  /** The id to pass to {@link EmbeddedCanal#ack}; -1 for an empty batch. */
  public long id() {
    return id;
  }

  /** The events in binlog order. */
  public List<ChangeEvent> events() {
    return events;
  }

  /** Whether nothing arrived in time. */
  public boolean isEmpty() {
    return events.isEmpty();
  }

  /** The position of the last event, or null for an empty batch. */
  public BinlogPosition lastPosition() {
    return events.isEmpty() ? null : events.get(events.size() - 1).position();
  }

  @Override
  public String toString() {
    return "Batch " + id + " (" + events.size() + " events" + (events.isEmpty() ? "" : ", last at " + lastPosition())
        + ")";
  }
}
