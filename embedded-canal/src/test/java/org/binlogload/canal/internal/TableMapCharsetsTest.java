package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.taobao.tddl.dbsync.binlog.LogBuffer;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.event.FormatDescriptionLogEvent;
import com.taobao.tddl.dbsync.binlog.event.LogHeader;
import com.taobao.tddl.dbsync.binlog.event.TableMapLogEvent;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A table-map event of MariaDB 10.11 for {@code lat (id INT, c CHAR(10), v VARCHAR(20), t TEXT, e ENUM, s SET)},
 * text in latin1 (the table default) and ENUM/SET in utf8mb4: its charsets read from its bytes are latin1, and
 * without its bytes the rows are refused, naming the table and the column.
 */
class TableMapCharsetsTest {
  private static final byte[] LAT = HexFormat.of().parseHex("a853116b130100000079000000c589000000002e000000000001"
      + "0018745f7465787463686172736574746573745f76687369396a00036c6174000603fe0ffcfefe09fe0a140002f701f8013e010100"
      + "020108040d026964016301760174016501730a012d0505020161016206050201780179080100cb22bebb");
  private static final boolean[] TEXT = {false, true, true, true, false, false};
  private static final String[] NAMES = {"id", "c", "v", "t", "e", "s"};

  private static TableMapLogEvent event() {
    FormatDescriptionLogEvent fde = new FormatDescriptionLogEvent(4, LogEvent.BINLOG_CHECKSUM_ALG_CRC32);
    LogBuffer buffer = new LogBuffer(LAT.clone(), 0, LAT.length);
    LogHeader header = new LogHeader(buffer, fde);
    buffer.limit(LAT.length - 4); // as Canal's decoder reads the body: without the CRC32
    return new TableMapLogEvent(header, buffer, fde);
  }

  @Test
  void charsetsReadFromTheDumpBufferAreTheColumnsOwn() {
    TableMapLogEvent map = event();
    assertThat(Arrays.stream(map.getColumnInfo()).mapToInt(c -> c.charset).toArray())
        .containsExactly(0, -1, -1, -1, 0, 0); // Canal's: the default charset lost
    byte[] dumpBuffer = new byte[5 + LAT.length]; // a packet header and the OK byte before the event
    System.arraycopy(LAT, 0, dumpBuffer, 5, LAT.length);
    TableMapCharsets.fromDumpBuffer(map, dumpBuffer, true);
    assertThat(TableMapCharsets.unknown(map, TEXT, NAMES)).isNull();
    assertThat(TableMapCharsets.readFromEvent(map.getColumnInfo())).isTrue();
    assertThat(Arrays.stream(map.getColumnInfo()).mapToInt(c -> c.charset).toArray())
        .containsExactly(0, 8, 8, 8, 0, 0);
  }

  @Test
  void withoutTheBytesTheRowsAreRefusedNamingTableAndColumn() {
    TableMapLogEvent map = event();
    assertThat(TableMapCharsets.unknown(map, TEXT, NAMES)).startsWith("the character set of column c of"
        + " t_textcharsettest_vhsi9j.lat is unknown: the table map at").contains("its bytes were not kept");
    assertThat(TableMapCharsets.readFromEvent(map.getColumnInfo())).isFalse();
  }

  @Test
  void bytesOfAnotherEventAreNotTakenForIt() {
    TableMapLogEvent map = event();
    byte[] other = LAT.clone();
    other[13] ^= 1; // another log position
    TableMapCharsets.fromDumpBuffer(map, other, true);
    assertThat(TableMapCharsets.unknown(map, TEXT, NAMES)).contains("its bytes were not found in the dump buffer");
  }
}
