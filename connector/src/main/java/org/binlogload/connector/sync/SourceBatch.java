package org.binlogload.connector.sync;

import java.util.List;

/** Events handed out together by a {@link Source}, acknowledged together by id; id -1 means nothing arrived in time. */
public record SourceBatch(long id, List<SourceEvent> events) {
  /** Copies the event list. */
  public SourceBatch {
    events = List.copyOf(events);
  }

  /** The batch of a poll that timed out. */
  public static SourceBatch empty() {
    return new SourceBatch(-1, List.of());
  }

  /** Whether nothing arrived. */
  public boolean isEmpty() {
    return events.isEmpty();
  }

  /** The position of the last event, or null when empty. */
  public Position lastPosition() {
    return events.isEmpty() ? null : events.get(events.size() - 1).position();
  }
}
