package org.binlogload.canal;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A reader run as its own JVM by {@link KillTest}: it appends every delivered row id to a file, fsyncs, then acks,
 * forever, until it is killed.
 */
public final class ChildReader {
  private ChildReader() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String user = args[2];
    String password = System.getenv("CHILD_READER_PASSWORD");
    long serverId = Long.parseLong(args[3]);
    String schema = args[4];
    Path dataDir = Path.of(args[5]);
    Path out = Path.of(args[6]);
    EmbeddedCanal canal = EmbeddedCanal.builder().name("child").host(host).port(port).user(user).password(password)
        .serverId(serverId).include(schema + ".*").dataDir(dataDir).ringEntries(256).build();
    canal.start();
    try (FileOutputStream file = new FileOutputStream(out.toFile(), true)) {
      while (true) {
        Batch b = canal.get(50, Duration.ofMillis(100));
        if (b.isEmpty()) {
          continue;
        }
        StringBuilder sb = new StringBuilder();
        for (ChangeEvent e : b.events()) {
          if (e instanceof RowChange r) {
            sb.append(r.after("id")).append('\n');
          }
        }
        file.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        file.getFD().sync();
        canal.ack(b.id());
      }
    }
  }
}
