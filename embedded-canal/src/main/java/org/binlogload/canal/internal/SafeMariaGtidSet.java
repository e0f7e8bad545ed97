package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGTIDSet;
import com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGtid;
import java.util.HashMap;
import java.util.Map;

/**
 * A MariaDB GTID set that accepts what Canal 1.1.7's own set does not: an empty GTID list (a fresh binlog's
 * GTID_LIST event, where Canal threw an index-out-of-bounds error) and a comma-separated list of several domains; its
 * text is built once per change (Canal asks for it for every event's header, and 1.1.7 formats each GTID with
 * {@code String.format}).
 */
final class SafeMariaGtidSet extends MariaGTIDSet {
  /** Stands in, in memory only, for "start from an empty GTID set", which Canal cannot express. */
  static final String EMPTY_SENTINEL = "0-0-0";

  /** The GTIDs by domain, as the parent holds them (same map type and keys, so the same order). */
  private final Map<Long, MariaGtid> domains = new HashMap<>();
  /** The set as text, or null when it changed since it was last built. */
  private String text;

  static SafeMariaGtidSet of(String gtids) {
    SafeMariaGtidSet set = new SafeMariaGtidSet();
    if (gtids != null && !gtids.trim().equals(EMPTY_SENTINEL)) {
      set.update(gtids);
    }
    return set;
  }

  @Override
  public void update(String gtids) {
    if (gtids == null) {
      return;
    }
    for (String part : gtids.replace("\n", "").split(",")) {
      String g = part.trim();
      if (g.isEmpty()) {
        continue;
      }
      String[] f = g.split("-");
      if (f.length != 3) {
        throw new IllegalArgumentException("not a MariaDB GTID (domain-server-sequence): " + g);
      }
      add(new MariaGtid(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
    }
  }

  @Override
  public void add(MariaGtid gtid) {
    super.add(gtid);
    domains.put(gtid.getDomainId(), gtid);
    text = null;
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      StringBuilder sb = new StringBuilder(24 * domains.size());
      for (MariaGtid g : domains.values()) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(g.getDomainId()).append('-').append(g.getServerId()).append('-').append(g.getSequence());
      }
      t = sb.toString();
      text = t;
    }
    return t;
  }
}
