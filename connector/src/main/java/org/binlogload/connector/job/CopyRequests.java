package org.binlogload.connector.job;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.binlogload.connector.state.StateStore;

/**
 * Tables a job is asked to copy while it runs (ALTER SYNC JOB ADD, RESNAPSHOT), kept in the job's engine scope until
 * the job takes them: one key per table ({@code online/requested/<base64url of db.table>}), so a request written
 * while the job takes others is never lost.
 */
public final class CopyRequests {
  private static final String PREFIX = "online/requested/";

  private CopyRequests() {}

  /** Asks the job whose engine scope is {@code scope} to copy {@code tables} ({@code db.table}). */
  public static void add(StateStore scope, Collection<String> tables) {
    for (String t : tables) {
      scope.put(key(t), t.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The tables asked for and not taken yet. */
  public static List<String> pending(StateStore scope) {
    List<String> out = new ArrayList<>();
    for (String k : scope.keys(PREFIX)) {
      scope.get(k).ifPresent(v -> out.add(new String(v, StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Forgets the request for {@code table} (taken). */
  public static void taken(StateStore scope, String table) {
    scope.delete(key(table));
  }

  private static String key(String table) {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(table.getBytes(StandardCharsets.UTF_8));
  }
}
