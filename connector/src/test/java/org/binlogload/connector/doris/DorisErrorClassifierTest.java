package org.binlogload.connector.doris;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class DorisErrorClassifierTest {
  private static ErrorKind m(String message) {
    return DorisErrorClassifier.classifyMessage(message, ErrorKind.SQL_ERROR);
  }

  @Test
  void dorisMessagesMapToKinds() {
    assertThat(m("errCode = 2, detailMessage = Table[t]'s state(SCHEMA_CHANGE) is not NORMAL. Do not allow doing ALTER ops"))
        .isEqualTo(ErrorKind.SCHEMA_CHANGE_RUNNING);
    assertThat(m("errCode = 2, detailMessage = Table orders is not stable. Unable to do Schema Change now"))
        .isEqualTo(ErrorKind.NOT_STABLE);
    assertThat(m("errCode = 2, detailMessage = Unknown database 'nope'")).isEqualTo(ErrorKind.UNKNOWN_DATABASE);
    assertThat(m("errCode = 2, detailMessage = Unknown table 'nope'")).isEqualTo(ErrorKind.UNKNOWN_TABLE);
    assertThat(m("errCode = 7, detailMessage = unknown table, tableName=nope")).isEqualTo(ErrorKind.UNKNOWN_TABLE);
    assertThat(m("errCode = 2, detailMessage = Column[x] does not exists")).isEqualTo(ErrorKind.UNKNOWN_COLUMN);
    assertThat(m("errCode = 2, detailMessage = Unknown column 'x' in 'table list'")).isEqualTo(ErrorKind.UNKNOWN_COLUMN);
    assertThat(m("Access denied for user 'root'@'127.0.0.1' (using password: YES)")).isEqualTo(ErrorKind.AUTH);
    assertThat(m("There is no 100-continue header")).isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(m("[E-235]too many versions")).isEqualTo(ErrorKind.TOO_MANY_VERSIONS);
    assertThat(m("[E-235]failed to init rowset builder. version count: 2001, exceed limit: 2000, tablet: 10086"))
        .isEqualTo(ErrorKind.TOO_MANY_VERSIONS);
    assertThat(m("Unauthorized: Access denied; you need (at least one of) the (LOAD) privilege(s) for this operation"))
        .isEqualTo(ErrorKind.PRIVILEGE);
    assertThat(m("errCode = 2, detailMessage = ALTER command denied to user 'u'@'%' for table 'd: t'"))
        .isEqualTo(ErrorKind.PRIVILEGE);
    assertThat(m("[ANALYSIS_ERROR]errCode = 2, detailMessage = There is no sequence column in the table t"))
        .isEqualTo(ErrorKind.NO_SEQUENCE_COLUMN);
    assertThat(m("errCode = 2, detailMessage = Failed to find enough backend, please check the replication num,"
        + "replication tag and storage medium.")).isEqualTo(ErrorKind.NOT_ENOUGH_BACKENDS);
    assertThat(m("[INTERNAL_ERROR]body exceed max size: 10737418240, data: 10737418241"))
        .isEqualTo(ErrorKind.BODY_TOO_LARGE);
    assertThat(m("[INTERNAL_ERROR]Two phase commit (2PC) for stream load was disabled"))
        .isEqualTo(ErrorKind.TWO_PHASE_DISABLED);
    assertThat(m("[INTERNAL_ERROR]too many filtered rows")).isEqualTo(ErrorKind.FILTERED_ROWS);
    assertThat(m("[INTERNAL_ERROR]tablet writer write failed")).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(m("[ANALYSIS_ERROR]errCode = 2, detailMessage = load by MERGE or DELETE need to upgrade table"))
        .isEqualTo(ErrorKind.SQL_ERROR);
    assertThat(m("errCode = 2, detailMessage = Can not drop key column in Unique data model table"))
        .isEqualTo(ErrorKind.SQL_ERROR);
  }

  @Test
  void transportFailuresAreRetryable() {
    assertThat(DorisErrorClassifier.classify(new ConnectException("Connection refused"))).isEqualTo(ErrorKind.CONNECTION);
    assertThat(DorisErrorClassifier.classify(new IOException("connection reset"))).isEqualTo(ErrorKind.CONNECTION);
    assertThat(DorisErrorClassifier.classify(new HttpTimeoutException("request timed out"))).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(DorisErrorClassifier.isRetryable(new IOException("x"))).isTrue();
    assertThat(DorisErrorClassifier.isRetryable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void httpStatusesMapToKinds() {
    assertThat(DorisErrorClassifier.forHttpStatus(401)).isEqualTo(ErrorKind.AUTH);
    assertThat(DorisErrorClassifier.forHttpStatus(503).retryable()).isTrue();
    assertThat(DorisErrorClassifier.forHttpStatus(400)).isEqualTo(ErrorKind.BAD_REQUEST);
    assertThat(DorisErrorClassifier.forHttpStatus(413)).isEqualTo(ErrorKind.BODY_TOO_LARGE);
  }

  @Test
  void fatalAndRetryableKindsAreWhatTheIssueSays() {
    assertThat(ErrorKind.PUBLISH_TIMEOUT.retryable()).isTrue();
    assertThat(ErrorKind.LABEL_RUNNING.retryable()).isTrue();
    assertThat(ErrorKind.SCHEMA_CHANGE_RUNNING.retryable()).isTrue();
    assertThat(ErrorKind.FILTERED_ROWS.retryable()).isFalse();
    assertThat(ErrorKind.LABEL_ALREADY_COMMITTED.retryable()).isFalse();
    assertThat(ErrorKind.AUTH.retryable()).isFalse();
    assertThat(ErrorKind.UNKNOWN_COLUMN.retryable()).isFalse();
    assertThat(ErrorKind.TOO_MANY_VERSIONS.retryable()).isTrue();
    assertThat(ErrorKind.PRIVILEGE.retryable()).isFalse();
    assertThat(ErrorKind.TXN_EXPIRED.retryable()).isFalse();
    assertThat(ErrorKind.TWO_PHASE_DISABLED.retryable()).isFalse();
  }
}
