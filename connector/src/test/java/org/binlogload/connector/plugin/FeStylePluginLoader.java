package org.binlogload.connector.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Loads a plugin zip the way the Doris FE's PluginMgr does (facts from its docs and source, not its code): extract
 * the zip into a temporary folder of the plugin dir, read and check {@code plugin.properties}, move it to
 * {@code <plugin_dir>/<name>}, build a parent-first URLClassLoader over its top-level {@code *.jar} files on top of
 * the FE's class loader, call the one public constructor (it must take nothing), then
 * {@code init(PluginInfo, PluginContext)}; {@code close()} on uninstall. The "FE" here is a class loader holding
 * only the FE plugin API (the stubs) and the logging API, so the plugin must bring everything else in its zip.
 */
final class FeStylePluginLoader {
  private final ClassLoader feLoader;

  FeStylePluginLoader(ClassLoader feLoader) {
    this.feLoader = feLoader;
  }

  /** An installed, initialized plugin. */
  final class Installed implements AutoCloseable {
    final Path dir;
    final Properties properties;
    final Object plugin;
    final URLClassLoader loader;

    Installed(Path dir, Properties properties, Object plugin, URLClassLoader loader) {
      this.dir = dir;
      this.properties = properties;
      this.plugin = plugin;
      this.loader = loader;
    }

    @SuppressWarnings("unchecked")
    Map<String, String> status() throws Exception {
      return (Map<String, String>) plugin.getClass().getMethod("status").invoke(plugin);
    }

    @Override
    public void close() throws Exception {
      plugin.getClass().getMethod("close").invoke(plugin);
      loader.close();
    }
  }

  /** Extracts {@code zip} into {@code pluginDir/<name>} and reads its properties, without loading it. */
  Path extract(Path zip, Path pluginDir) throws IOException {
    Files.createDirectories(pluginDir);
    Path tmp = Files.createTempDirectory(pluginDir, ".install_");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path out = tmp.resolve(e.getName()).normalize();
        if (!out.startsWith(tmp)) {
          throw new IOException("zip entry " + e.getName() + " escapes the plugin folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out);
        }
      }
    }
    Properties p = properties(tmp);
    Path target = pluginDir.resolve(p.getProperty("name"));
    Files.createDirectories(pluginDir);
    Files.move(tmp, target);
    return target;
  }

  /** Reads and checks plugin.properties as the FE does. */
  static Properties properties(Path dir) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("plugin.properties"))) {
      p.load(in);
    }
    for (String required : List.of("name", "type", "version", "classname")) {
      String v = p.getProperty(required);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("property [" + required + "] is missing");
      }
    }
    if (!List.of("AUDIT", "IMPORT", "STORAGE", "DIALECT").contains(p.getProperty("type").toUpperCase())) {
      throw new IllegalArgumentException("property [type] is not a plugin type");
    }
    String so = p.getProperty("soname");
    if (so != null && !so.isBlank()) {
      throw new IllegalArgumentException("Only support FE plugin");
    }
    int[] v = version(p.getProperty("version"));
    if (v[0] * 1_000_000 + v[1] * 10_000 + v[2] < 110_000) {
      throw new IllegalArgumentException("plugin version is too old");
    }
    return p;
  }

  private static int[] version(String s) {
    String[] parts = s.trim().split("\\.");
    int[] v = new int[3];
    for (int i = 0; i < Math.min(3, parts.length); i++) {
      v[i] = Integer.parseInt(parts[i]);
    }
    return v;
  }

  /** Loads and initializes the plugin in {@code dir} as FE {@code feIdentity}. */
  Installed load(Path dir, String feIdentity) throws Exception {
    Properties p = properties(dir);
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path jar : s.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
    }
    URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), feLoader);
    Class<?> pluginBase = Class.forName("org.apache.doris.plugin.Plugin", false, feLoader);
    Class<?> c = Class.forName(p.getProperty("classname"), true, loader);
    if (!pluginBase.isAssignableFrom(c)) {
      throw new IllegalArgumentException(c + " is not an org.apache.doris.plugin.Plugin");
    }
    // the FE wants exactly one public constructor, taking nothing
    Constructor<?>[] ctors = c.getConstructors();
    if (ctors.length != 1 || ctors[0].getParameterCount() != 0) {
      throw new IllegalStateException("no unique public no-arg constructor for [" + c.getName() + "]");
    }
    Object plugin = ctors[0].newInstance();
    Class<?> typeEnum = Class.forName("org.apache.doris.plugin.PluginInfo$PluginType", true, feLoader);
    Object type = typeEnum.getMethod("valueOf", String.class).invoke(null, p.getProperty("type").toUpperCase());
    Class<?> infoClass = Class.forName("org.apache.doris.plugin.PluginInfo", true, feLoader);
    Object info = infoClass.getConstructor(String.class, typeEnum, String.class)
        .newInstance(p.getProperty("name"), type, p.getProperty("description"));
    Class<?> ctxClass = Class.forName("org.apache.doris.plugin.PluginContext", true, feLoader);
    Object ctx = ctxClass.getConstructor().newInstance();
    Method setPath = ctxClass.getDeclaredMethod("setPluginPath", String.class);
    setPath.setAccessible(true);
    setPath.invoke(ctx, dir.toString());
    Method setIdentity = ctxClass.getDeclaredMethod("setFeIdentity", String.class);
    setIdentity.setAccessible(true);
    setIdentity.invoke(ctx, feIdentity);
    c.getMethod("init", infoClass, ctxClass).invoke(plugin, info, ctx);
    return new Installed(dir, p, plugin, loader);
  }
}
