package org.binlogload.connector.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link StateStore} in a local directory, one file per key: a put writes a temporary file, fsyncs it, renames it
 * atomically over the old one and fsyncs the directory, so a crash leaves either the old or the new value.
 * Files are readable by the owner only, since job definitions hold MySQL passwords.
 */
public final class LocalStateStore implements StateStore {
  private final Path root;

  private LocalStateStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A store in {@code dir}, created if absent. */
  public static LocalStateStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new LocalStateStore(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The directory. */
  public Path directory() {
    return root;
  }

  private Path file(String key) {
    return root.resolve(StateKeys.check(key));
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(Files.readAllBytes(file(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state " + key + " in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String key, byte[] value) {
    Path target = file(key);
    Path dir = target.getParent();
    Path tmp = dir.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        restrict(tmp);
        ByteBuffer buf = ByteBuffer.wrap(value);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + root + " cannot rename atomically", e);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write state " + key + " in " + root + ": " + e.getMessage(), e);
    }
  }

  private static void restrict(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the directory's own permissions protect it.
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic there.
      if (System.getProperty("os.name", "").toLowerCase().contains("win")) {
        return;
      }
      throw e;
    }
  }

  @Override
  public void delete(String key) {
    Path f = file(key);
    try {
      if (Files.deleteIfExists(f)) {
        syncDirectory(f.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete state " + key + " in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> keys(String prefix) {
    StateKeys.checkPrefix(prefix);
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (!f.getFileName().toString().startsWith(".tmp")) {
            String key = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            if (key.startsWith(prefix)) {
              out.add(key);
            }
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list state in " + root + ": " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public StateStore scoped(String prefix) {
    return new ScopedStateStore(this, prefix);
  }

  @Override
  public String toString() {
    return "LocalStateStore{" + root + "}";
  }
}
