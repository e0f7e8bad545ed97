package org.binlogload.ddl.internal;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLDataType;
import com.alibaba.druid.sql.ast.SQLDataTypeImpl;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.expr.SQLBinaryExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLListExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumericLiteralExpr;
import com.alibaba.druid.sql.ast.expr.SQLTextLiteralExpr;
import com.alibaba.druid.sql.ast.expr.SQLUnaryExpr;
import com.alibaba.druid.sql.ast.expr.SQLUnaryOperator;
import com.alibaba.druid.sql.ast.statement.SQLCharacterDataType;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLColumnUniqueKey;
import com.alibaba.druid.sql.ast.statement.SQLColumnConstraint;
import com.alibaba.druid.sql.ast.statement.SQLNotNullConstraint;
import com.alibaba.druid.sql.ast.statement.SQLNullConstraint;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.binlogload.ddl.ColumnDefinition;
import org.binlogload.ddl.ColumnDefinition.DefaultKind;

/** Reads druid column definitions into {@link ColumnDefinition}s, folding MySQL type aliases. */
final class ColumnReader {

  private static final Set<String> NOW = Set.of("CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP",
      "CURRENT_TIMESTAMP()", "NOW()", "LOCALTIME()", "LOCALTIMESTAMP()");
  private static final Set<String> TIME_TYPES = Set.of("TIME", "DATETIME", "TIMESTAMP");
  /** Types whose bit-value and hex literals (b'101', 0x41) are numbers. */
  private static final Set<String> NUMBER_OF_BITS = Set.of("BIT", "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT");

  /** A column read, with the key constraints declared on it. */
  record Read(ColumnDefinition column, boolean primaryKey, boolean unique) {
  }

  private ColumnReader() {
  }

  static String name(SQLName name) {
    return name(name.getSimpleName());
  }

  /** An identifier without its quotes; doubled backticks inside collapse to one. */
  static String name(String raw) {
    String s = raw.trim();
    if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
      return s.substring(1, s.length() - 1).replace("``", "`");
    }
    return SQLUtils.normalize(s);
  }

  /** {@code name}, refused when empty or blank (MySQL rejects such names, Doris cannot quote them). */
  static String nonEmpty(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new Refuse("empty " + what + " name", "check the statement");
    }
    return name;
  }

  static Read read(SQLColumnDefinition def) {
    String colName = nonEmpty(name(def.getName()), "column");
    SQLDataType dt = def.getDataType();
    if (dt == null) {
      throw new Refuse("column " + colName + " has no type", "check the statement");
    }
    String type = dt.getName().toUpperCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    ColumnDefinition.Builder b = ColumnDefinition.builder(colName, type);
    List<Integer> args = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (SQLExpr a : dt.getArguments()) {
      if (a instanceof SQLIntegerExpr i) {
        args.add(i.getNumber().intValue());
      } else if (a instanceof SQLTextLiteralExpr t) {
        members.add(t.getText());
      } else if (a instanceof SQLListExpr list) {
        for (SQLExpr e : list.getItems()) {
          if (e instanceof SQLTextLiteralExpr t) {
            members.add(t.getText());
          }
        }
      }
    }
    if (dt instanceof SQLDataTypeImpl impl) {
      b.unsigned(impl.isUnsigned()).zerofill(impl.isZerofill());
      if (impl.getEnumList() != null) {
        for (SQLExpr e : impl.getEnumList().getItems()) {
          if (e instanceof SQLTextLiteralExpr t) {
            members.add(t.getText());
          }
        }
      }
    }
    String charset = null;
    String collation = null;
    if (dt instanceof SQLCharacterDataType cdt) {
      charset = cdt.getCharSetName();
      collation = cdt.getCollate();
      if (cdt.isHasBinary() && collation == null) {
        collation = "binary";
      }
    }
    if (def.getCharsetExpr() != null) {
      charset = SQLUtils.normalize(def.getCharsetExpr().toString());
    }
    if (def.getCollateExpr() != null) {
      collation = SQLUtils.normalize(def.getCollateExpr().toString());
    }
    type = fold(type, b, args, members);
    if (type.equals("NATIONAL CHAR") || type.equals("NATIONAL VARCHAR") || type.equals("NCHAR")
        || type.equals("NVARCHAR")) {
      charset = "utf8mb3";
      type = type.contains("VAR") ? "VARCHAR" : "CHAR";
    }
    if (collation != null && collation.equals("binary") && charset == null && TypeFolding.isChar(type)) {
      collation = null; // CHAR(n) BINARY: binary collation of the charset, not the binary charset
    }
    b.typeName(type).charset(charset).collation(collation).members(members);
    boolean nullable = true;
    boolean pk = false;
    boolean unique = false;
    for (SQLColumnConstraint c : def.getConstraints()) {
      if (c instanceof SQLNotNullConstraint) {
        nullable = false;
      } else if (c instanceof SQLNullConstraint) {
        nullable = true;
      } else if (c instanceof SQLColumnPrimaryKey) {
        pk = true;
        nullable = false;
      } else if (c instanceof SQLColumnUniqueKey) {
        unique = true;
      }
    }
    if (type.equals("SERIAL")) {
      b.typeName("BIGINT").unsigned(true).autoIncrement(true);
      nullable = false;
      unique = true;
    }
    b.nullable(nullable);
    if (def.isAutoIncrement()) {
      b.autoIncrement(true);
    }
    SQLExpr generated = def.getGeneratedAlwaysAs() != null ? def.getGeneratedAlwaysAs() : def.getAsExpr();
    if (generated != null) {
      b.generatedExpression(SQLUtils.toMySqlString(generated));
    }
    readDefault(def.getDefaultExpr(), b, type);
    if (def.getComment() != null) {
      b.comment(text(def.getComment()));
    }
    return new Read(b.build(), pk, unique);
  }

  private static String fold(String type, ColumnDefinition.Builder b, List<Integer> args, List<String> members) {
    String t = TypeFolding.canonical(type);
    Integer a0 = args.isEmpty() ? null : args.get(0);
    Integer a1 = args.size() > 1 ? args.get(1) : null;
    if (t.equals("BOOL") || t.equals("BOOLEAN")) {
      b.length(1);
      return "TINYINT";
    }
    if (Set.of("DECIMAL", "FLOAT", "DOUBLE").contains(t)) {
      b.precision(a0).scale(a1);
    } else if (TIME_TYPES.contains(t)) {
      b.precision(a0);
    } else if (!t.equals("ENUM") && !t.equals("SET")) {
      b.length(a0);
    }
    return t;
  }

  static String text(SQLExpr e) {
    if (e instanceof SQLTextLiteralExpr t) {
      return t.getText();
    }
    return SQLUtils.normalize(e.toString());
  }

  /** The decimal value of a bit-value or hex literal's digits (empty digits are 0). */
  private static String number(String digits, int radix) {
    if (digits == null || digits.isEmpty()) {
      return "0";
    }
    try {
      return new BigInteger(digits, radix).toString();
    } catch (NumberFormatException ex) {
      throw new Refuse("default " + digits + " is not a base-" + radix + " number", "check the statement");
    }
  }

  private static void readDefault(SQLExpr e, ColumnDefinition.Builder b, String type) {
    if (e == null) {
      return;
    }
    if (e instanceof com.alibaba.druid.sql.ast.expr.SQLBooleanExpr bool) {
      b.defaultValue(DefaultKind.LITERAL, bool.getBooleanValue() ? "1" : "0");
    } else if (e instanceof SQLNullExpr) {
      b.defaultValue(DefaultKind.NULL, null);
    } else if (e instanceof SQLBinaryExpr bits && NUMBER_OF_BITS.contains(type)) {
      b.defaultValue(DefaultKind.LITERAL, number(bits.getText(), 2));
    } else if (e instanceof SQLHexExpr hex && NUMBER_OF_BITS.contains(type)) {
      b.defaultValue(DefaultKind.LITERAL, number(hex.getHex(), 16));
    } else if (e instanceof SQLCharExpr c) {
      b.defaultValue(DefaultKind.LITERAL, c.getText());
    } else if (e instanceof SQLTextLiteralExpr t) {
      b.defaultValue(DefaultKind.LITERAL, t.getText());
    } else if (e instanceof SQLNumericLiteralExpr n) {
      b.defaultValue(DefaultKind.LITERAL, n.toString());
    } else if (e instanceof SQLUnaryExpr u && u.getOperator() == SQLUnaryOperator.Negative
        && u.getExpr() instanceof SQLNumericLiteralExpr n) {
      b.defaultValue(DefaultKind.LITERAL, "-" + n);
    } else {
      String s = SQLUtils.toMySqlString(e).trim();
      String head = s.toUpperCase(Locale.ROOT);
      String fn = head.replaceAll("\\(\\s*\\d*\\s*\\)$", "()");
      if (NOW.contains(fn) || NOW.contains(head)) {
        b.defaultValue(DefaultKind.CURRENT_TIMESTAMP, null);
        return;
      }
      if (e instanceof SQLIdentifierExpr || e instanceof SQLMethodInvokeExpr) {
        if (head.equals("TRUE") || head.equals("FALSE")) {
          b.defaultValue(DefaultKind.LITERAL, head.equals("TRUE") ? "1" : "0");
          return;
        }
      }
      b.defaultValue(DefaultKind.EXPRESSION, s);
    }
  }
}
