package org.binlogload.canal.internal;

import com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGTIDSet;
import com.alibaba.otter.canal.parse.driver.mysql.packets.MariaGtid;

/**
 * A MariaDB GTID set that accepts what Canal 1.1.7's own set does not: an empty GTID list (a fresh binlog's
 * GTID_LIST event, where Canal threw an index-out-of-bounds error) and a comma-separated list of several domains.
 */
final class SafeMariaGtidSet extends MariaGTIDSet {
  /** Stands in, in memory only, for "start from an empty GTID set", which Canal cannot express. */
  static final String EMPTY_SENTINEL = "0-0-0";

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
      MariaGtid gtid = new MariaGtid(f[0] + "-" + f[1] + "-" + f[2]);
      gtid.setDomainId(Long.parseLong(f[0]));
      gtid.setServerId(Long.parseLong(f[1]));
      gtid.setSequence(Long.parseLong(f[2]));
      add(gtid);
    }
  }
}
