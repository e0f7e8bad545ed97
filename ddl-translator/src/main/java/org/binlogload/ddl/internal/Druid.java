package org.binlogload.ddl.internal;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import java.util.List;

/** The one place that calls druid's MySQL parser. */
final class Druid {

  private Druid() {
  }

  /** Parses one MySQL statement; throws {@link Refuse} when druid cannot. */
  static SQLStatement parse(String sql) {
    List<SQLStatement> list;
    try {
      list = SQLUtils.parseStatements(sql, DbType.mysql);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (msg.length() > 300) {
        msg = msg.substring(0, 300) + "...";
      }
      throw new Refuse("statement not understood (" + msg + ")",
          "apply it to Doris by hand if it changes a replicated table, then skip this statement");
    }
    if (list.size() != 1) {
      throw new Refuse(list.isEmpty() ? "empty statement" : "several statements in one event",
          "translate them one at a time");
    }
    return list.get(0);
  }
}
