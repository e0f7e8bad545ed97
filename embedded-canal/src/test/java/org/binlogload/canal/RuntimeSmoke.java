package org.binlogload.canal;

import java.nio.file.Path;
import java.time.Duration;

/** Reads a few rows with nothing but embedded-canal's runtime jars on the classpath (run by RuntimeClasspathTest). */
public final class RuntimeSmoke {
  private RuntimeSmoke() {}

  public static void main(String[] args) {
    try (EmbeddedCanal canal = EmbeddedCanal.builder().name("smoke").host(args[0]).port(Integer.parseInt(args[1]))
        .user(args[2]).password(System.getenv("SMOKE_PASSWORD")).serverId(Long.parseLong(args[3]))
        .include(args[4] + ".*").startPosition(StartPosition.at(args[5], Long.parseLong(args[6])))
        .dataDir(Path.of(args[7])).build()) {
      canal.start();
      int rows = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (rows < 3 && System.nanoTime() < deadline) {
        Batch b = canal.get(100, Duration.ofMillis(200));
        for (ChangeEvent e : b.events()) {
          if (e instanceof RowChange) {
            rows++;
          }
        }
        if (!b.isEmpty()) {
          canal.ack(b.id());
        }
      }
      System.out.println("rows=" + rows);
      System.exit(rows == 3 ? 0 : 1);
    }
  }
}
