package org.binlogload.canal.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.binlogload.canal.DurableStore;

/** A {@link DurableStore} with one file per key in a directory: write a temporary file, fsync, rename, fsync dir. */
public final class DirectoryStore implements DurableStore {
  private final Path dir;

  public DirectoryStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir == null").toAbsolutePath();
  }

  @Override
  public Optional<byte[]> get(String key) {
    Path file = dir.resolve(fileName(key));
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void put(String key, byte[] value) {
    Objects.requireNonNull(value, "value == null");
    String name = fileName(key);
    Path file = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(value);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically", e);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // Some file systems refuse to open a directory for fsync; the rename itself is still atomic.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Keys map to file names; anything outside [A-Za-z0-9._-] is escaped so no key can leave the directory. */
  static String fileName(String key) {
    Objects.requireNonNull(key, "key == null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key is empty");
    }
    StringBuilder sb = new StringBuilder(key.length() + 8);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_' || (c == '.' && i > 0);
      if (plain) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%04x", (int) c));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "DurableStore(" + dir + ")";
  }
}
