package org.binlogload.connector.sync;

import java.util.List;
import org.binlogload.connector.doris.DorisClient;
import org.binlogload.connector.snapshot.SnapshotTable;

/**
 * Online copies into a shadow Doris table made from the source table's definition now, as a first start makes a
 * channel's table (the translator; the DDL planner tracks that definition from here on), swapped in with
 * {@code ALTER TABLE t REPLACE WITH TABLE shadow PROPERTIES ("swap" = "false")} (Doris "ALTER TABLE REPLACE": one
 * atomic step, t dropped, the shadow renamed t), so rows Doris holds that the source no longer has are gone.
 */
final class ShadowTables implements OnlineCopies.Targets {
  /** Appended to the target's name for its shadow. */
  static final String SUFFIX = "__bl_copy";

  private final DorisClient doris;

  ShadowTables(DorisClient doris) {
    this.doris = doris;
  }

  @Override
  public String[] prepare(JobTables tables, Channel channel, SnapshotTable source, boolean fresh) {
    String shadow = channel.targetTable() + SUFFIX;
    if (!fresh && exists(channel.targetDb(), shadow)) {
      return new String[] {channel.targetDb(), shadow}; // a resumed copy goes on into its shadow
    }
    doris.execute(channel.targetDb(), "DROP TABLE IF EXISTS " + DorisClient.quoteIdent(shadow));
    tables.createFromSource(channel.source(), channel.targetDb() + "." + shadow);
    return new String[] {channel.targetDb(), shadow};
  }

  @Override
  public void copied(Channel channel, String[] target) {
    if (!exists(target[0], target[1])) {
      return; // swapped before a crash
    }
    doris.execute(target[0], "ALTER TABLE " + DorisClient.quoteIdent(channel.targetTable()) + " REPLACE WITH TABLE "
        + DorisClient.quoteIdent(target[1]) + " PROPERTIES (\"swap\" = \"false\")");
  }

  private boolean exists(String db, String table) {
    for (List<Object> r : doris.query(db, "SHOW TABLES").rows()) {
      if (table.equals(String.valueOf(r.get(0)))) {
        return true;
      }
    }
    return false;
  }
}
