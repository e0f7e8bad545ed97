package org.binlogload.connector.snapshot;

import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.doris.Label;
import org.binlogload.connector.doris.LoadRequest;
import org.binlogload.connector.doris.LoadResult;
import org.binlogload.connector.doris.RowSource;

/**
 * A chunk as one Stream Load without two-phase commit: the rows carry their sequence, so loading them twice changes
 * nothing, and a label already committed (a retry after a lost answer) is accepted as the chunk's load.
 */
public final class DorisChunkLoader implements ChunkLoader {
  private final DorisClient client;

  /** A loader over {@code client}. */
  public DorisChunkLoader(DorisClient client) {
    this.client = client;
  }

  @Override
  public long load(ChunkLoad load, RowSource rows) {
    LoadRequest request = LoadRequest.builder().db(load.db()).table(load.table()).label(Label.parse(load.label()))
        .columns(load.columns()).twoPhaseCommit(false).acceptCommittedLabel(true).build();
    LoadResult r = client.streamLoad(request, rows);
    return r.status() == LoadResult.Status.LABEL_ALREADY_EXISTS ? 0 : r.loadedRows();
  }
}
