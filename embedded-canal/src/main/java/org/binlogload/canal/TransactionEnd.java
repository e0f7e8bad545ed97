package org.binlogload.canal;

import java.util.Objects;

/** The commit of a transaction: every row change since the previous end belongs to it. */
public final class TransactionEnd implements ChangeEvent {
  private final Long xid;
  private final BinlogPosition position;

  private TransactionEnd(Long xid, BinlogPosition position) {
    this.xid = xid;
    this.position = Objects.requireNonNull(position, "position == null");
  }

  /** A transaction end at {@code position}; {@code xid} may be null (non-XA engines commit with a query). */
  public static TransactionEnd of(Long xid, BinlogPosition position) {
    return new TransactionEnd(xid, position);
  }

  /** The XID of the commit, or null. */
  public Long xid() {
    return xid;
  }

  @Override
  public BinlogPosition position() {
    return position;
  }

  @Override
  public String toString() {
    return "COMMIT xid=" + xid + " at " + position;
  }
}
