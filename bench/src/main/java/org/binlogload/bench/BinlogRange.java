package org.binlogload.bench;

/** One measured binlog range: from a file and offset to another, holding {@code rows} rows of the workload. */
record BinlogRange(String startFile, long startOffset, String endFile, long endOffset, long rows) {
  /** The start as {@code file:offset}, the form of a job's start position. */
  String start() {
    return startFile + ":" + startOffset;
  }
}
