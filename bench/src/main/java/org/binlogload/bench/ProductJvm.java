package org.binlogload.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.binlogload.testkit.MariaDbServer;

/**
 * The JVM options the product runs with when {@code bin/binlog-load} starts it: the lines of {@code conf/jvm.options}
 * (heap sizes aside: the bench sets those) and its class data archive (AppCDS), written by a first run as the launcher
 * writes it at the daemon's first stop.
 */
final class ProductJvm {
  private final List<String> shipped;
  private final Path archive;
  private final String classPath;

  private ProductJvm(List<String> shipped, Path archive, String classPath) {
    this.shipped = shipped;
    this.archive = archive;
    this.classPath = classPath;
  }

  /** The shipped options of the project's {@code conf/jvm.options}, with the archive kept in {@code dir}. */
  static ProductJvm shipped(Path dir) throws IOException {
    Path file = MariaDbServer.Projects.root().resolve("conf/jvm.options");
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String o = line.replaceAll("#.*", "").strip();
      if (!o.isEmpty() && !o.startsWith("-Xmx") && !o.startsWith("-Xms")) {
        options.add(o);
      }
    }
    return new ProductJvm(List.copyOf(options), dir.resolve("product.jsa"), jarredClassPath(dir));
  }

  /**
   * This JVM's class path with each directory (e.g. {@code bench/target/classes}) packed into a jar in {@code dir}: a
   * class data archive takes classes from jars only, as the launcher's {@code lib/} has them.
   */
  private static String jarredClassPath(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        out.add(entry);
        continue;
      }
      Path jar = dir.resolve("classes-" + (n++) + ".jar");
      try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(p)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          j.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
          Files.copy(f, j);
          j.closeEntry();
        }
      }
      out.add(jar.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  /** The class path of the product's JVM: this one's, directories packed into jars. */
  String classPath() {
    return classPath;
  }

  /** Whether the class data archive is still to be written (by a first, untimed run with {@link #options}). */
  boolean priming() {
    return !Files.isRegularFile(archive);
  }

  /** The options of the next product JVM: the shipped ones, then the archive to use or to write at its exit. */
  List<String> options() {
    List<String> out = new ArrayList<>(shipped);
    if (priming()) {
      out.add("-XX:ArchiveClassesAtExit=" + archive);
      out.add("-Xlog:cds=error");
    } else {
      out.add("-XX:SharedArchiveFile=" + archive);
    }
    return out;
  }

  /** The shipped options, for the report. */
  List<String> shippedOptions() {
    return shipped;
  }
}
