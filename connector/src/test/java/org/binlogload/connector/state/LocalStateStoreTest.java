package org.binlogload.connector.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateStoreTest {
  @TempDir
  Path dir;

  @Test
  void putGetDeleteKeysAndScopes() throws Exception {
    LocalStateStore s = LocalStateStore.open(dir.resolve("state"));
    assertThat(s.get("a")).isEmpty();
    s.put("jobs/1/definition", "d1".getBytes(UTF_8));
    s.put("jobs/1/sync/cursor", "c1".getBytes(UTF_8));
    s.put("jobs/2/definition", "d2".getBytes(UTF_8));
    s.put("meta", "m".getBytes(UTF_8));
    s.put("meta", "m2".getBytes(UTF_8));
    assertThat(new String(s.get("meta").orElseThrow(), UTF_8)).isEqualTo("m2");
    assertThat(s.keys("jobs/")).containsExactly("jobs/1/definition", "jobs/1/sync/cursor", "jobs/2/definition");
    assertThat(s.keys("")).hasSize(4);

    StateStore job1 = s.scoped("jobs/1");
    assertThat(job1.keys("")).containsExactly("definition", "sync/cursor");
    StateStore sync = job1.scoped("sync");
    assertThat(new String(sync.get("cursor").orElseThrow(), UTF_8)).isEqualTo("c1");
    sync.put("history", "h".getBytes(UTF_8));
    assertThat(s.keys("jobs/1/sync/")).containsExactly("jobs/1/sync/cursor", "jobs/1/sync/history");

    s.delete("jobs/2/definition");
    s.delete("jobs/2/definition");
    assertThat(s.get("jobs/2/definition")).isEmpty();

    // a fresh store over the same directory sees everything (durable), and no temporary files are left
    LocalStateStore again = LocalStateStore.open(dir.resolve("state"));
    assertThat(again.keys("")).containsExactly("jobs/1/definition", "jobs/1/sync/cursor", "jobs/1/sync/history",
        "meta");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith(".tmp")).count()).isZero();
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("state/meta")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void leftoverTemporaryFileIsIgnored() throws Exception {
    LocalStateStore s = LocalStateStore.open(dir);
    s.put("k", new byte[] {1, 2, 3});
    // a crash between write and rename leaves a temporary file: it is neither a key nor the value
    Files.write(dir.resolve(".tmp-k-crashed"), new byte[] {9});
    assertThat(s.keys("")).containsExactly("k");
    assertThat(s.get("k").orElseThrow()).containsExactly(1, 2, 3);
  }

  @Test
  void badKeysAreRefused() {
    LocalStateStore s = LocalStateStore.open(dir);
    for (String bad : List.of("", "../x", "a//b", "a/./b", "a b", "/abs", ".tmp-x")) {
      assertThatThrownBy(() -> s.put(bad, new byte[0])).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> s.get("../etc")).hasMessage(
        "key '../etc' has an invalid segment '..'; use [A-Za-z0-9_.-] segments separated by /");
  }

  @Test
  void memoryStoreBehavesAlike() {
    MemoryStateStore m = new MemoryStateStore();
    m.put("a/b", new byte[] {1});
    m.put("a/c", new byte[] {2});
    m.put("b", new byte[] {3});
    assertThat(m.keys("a/")).containsExactly("a/b", "a/c");
    assertThat(m.scoped("a").keys("")).containsExactly("b", "c");
    m.scoped("a").delete("b");
    assertThat(m.keys("")).containsExactly("a/c", "b");
  }
}
