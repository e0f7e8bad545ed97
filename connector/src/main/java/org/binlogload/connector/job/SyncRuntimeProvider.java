package org.binlogload.connector.job;

/**
 * Supplies the {@link SyncJobFactory} of the sync runtime. The daemon and the FE plugin find it with
 * {@link java.util.ServiceLoader} (or by the class name in their configuration), so tests can swap in a fake.
 */
public interface SyncRuntimeProvider {
  /** A factory whose jobs use {@code env}'s Doris client, task pool and clock. */
  SyncJobFactory factory(SyncEnvironment env);

  /** The provider named {@code className} (public no-arg constructor), or the first one {@code ServiceLoader} finds. */
  static SyncRuntimeProvider load(String className, ClassLoader loader) {
    if (className != null && !className.isBlank()) {
      try {
        Class<?> c = Class.forName(className.trim(), true, loader);
        return (SyncRuntimeProvider) c.getConstructor().newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException("sync runtime provider " + className + " cannot be created ("
            + e + "); name a public class implementing " + SyncRuntimeProvider.class.getName()
            + " with a public no-arg constructor", e);
      }
    }
    for (SyncRuntimeProvider p : java.util.ServiceLoader.load(SyncRuntimeProvider.class, loader)) {
      return p;
    }
    throw new IllegalStateException("no sync runtime on the class path: no " + SyncRuntimeProvider.class.getName()
        + " registered in META-INF/services; set sync_runtime_provider to one");
  }
}
