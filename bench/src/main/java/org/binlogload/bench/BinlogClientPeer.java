package org.binlogload.bench;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.binlogload.testkit.MariaDbServer;

/** mysql-binlog-connector-java (Debezium's fork) with its default deserializer, counting rows of rows events. */
final class BinlogClientPeer {
  private BinlogClientPeer() {}

  /** Reads the range from its start to its end offset; returns the rows of WRITE, UPDATE and DELETE rows events. */
  static long read(MariaDbServer server, BinlogRange range, Meter meter) throws Exception {
    BinaryLogClient client = new BinaryLogClient(server.host(), server.port(), server.replUser(),
        server.replPassword());
    client.setServerId(9811);
    client.setBinlogFilename(range.startFile());
    client.setBinlogPosition(range.startOffset());
    client.setKeepAlive(false);
    AtomicLong rows = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    String[] file = {range.startFile()};
    client.registerEventListener(event -> {
      EventData data = event.getData();
      if (data instanceof RotateEventData r) {
        file[0] = r.getBinlogFilename();
        return; // its header's position is in the file it ends, not in the one it names
      } else if (data instanceof WriteRowsEventData w) {
        rows.addAndGet(w.getRows().size());
      } else if (data instanceof UpdateRowsEventData u) {
        rows.addAndGet(u.getRows().size());
      } else if (data instanceof DeleteRowsEventData d) {
        rows.addAndGet(d.getRows().size());
      }
      if (atEnd(event, file[0], range)) {
        done.countDown();
      }
    });
    meter.begin();
    client.connect(TimeUnit.SECONDS.toMillis(30));
    try {
      if (!done.await(20, TimeUnit.MINUTES)) {
        throw new IllegalStateException("mysql-binlog-connector-java read " + rows.get() + " rows and did not reach "
            + range.endFile() + ":" + range.endOffset() + " in 20 minutes");
      }
    } finally {
      client.disconnect();
    }
    return rows.get();
  }

  private static boolean atEnd(Event event, String file, BinlogRange range) {
    return file.equals(range.endFile()) && event.getHeader() instanceof EventHeaderV4 h
        && h.getNextPosition() >= range.endOffset();
  }
}
