package org.binlogload.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.binlogload.ddl.internal.SqlLexer;
import org.junit.jupiter.api.Test;

/** Reading SHOW CREATE TABLE output, key selection, and the tokenizer under it. */
class TableDefinitionTest {

  @Test
  void readsMySql8ShowCreateTable() {
    TableDefinition t = TableDefinition.fromCreateTable("app", "CREATE TABLE `users` (\n"
        + "  `id` bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'pk',\n"
        + "  `login` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,\n"
        + "  `state` enum('on','off') NOT NULL DEFAULT 'on',\n"
        + "  `score` decimal(8,3) DEFAULT '1.500',\n"
        + "  `seen` datetime(3) DEFAULT CURRENT_TIMESTAMP(3),\n"
        + "  `hidden` int DEFAULT NULL /*!80023 INVISIBLE */,\n"
        + "  PRIMARY KEY (`id`),\n"
        + "  UNIQUE KEY `uk_login` (`login`)\n"
        + ") ENGINE=InnoDB DEFAULT CHARSET=latin1 COMMENT='users'");
    assertThat(t.id()).isEqualTo(TableId.of("app", "users"));
    assertThat(t.charset()).isEqualTo("latin1");
    assertThat(t.comment()).isEqualTo("users");
    assertThat(t.keyColumns()).containsExactly("id");
    assertThat(t.uniqueKeys()).containsEntry("uk_login", List.of("login"));
    ColumnDefinition id = t.column("ID").orElseThrow();
    assertThat(id.key()).isTrue();
    assertThat(id.unsigned()).isTrue();
    assertThat(id.autoIncrement()).isTrue();
    assertThat(id.nullable()).isFalse();
    assertThat(id.comment()).isEqualTo("pk");
    assertThat(id.mysqlType()).isEqualTo("bigint unsigned");
    ColumnDefinition login = t.column("login").orElseThrow();
    assertThat(login.charset()).isEqualTo("utf8mb4");
    assertThat(login.collation()).isEqualTo("utf8mb4_bin");
    assertThat(login.length()).isEqualTo(64);
    assertThat(login.key()).isFalse();
    ColumnDefinition state = t.column("state").orElseThrow();
    assertThat(state.members()).containsExactly("on", "off");
    assertThat(state.defaultKind()).isEqualTo(ColumnDefinition.DefaultKind.LITERAL);
    assertThat(state.defaultValue()).isEqualTo("on");
    ColumnDefinition score = t.column("score").orElseThrow();
    assertThat(score.precision()).isEqualTo(8);
    assertThat(score.scale()).isEqualTo(3);
    assertThat(t.column("seen").orElseThrow().precision()).isEqualTo(3);
    assertThat(t.column("seen").orElseThrow().defaultKind()).isEqualTo(ColumnDefinition.DefaultKind.CURRENT_TIMESTAMP);
    assertThat(t.column("hidden").orElseThrow().position()).isEqualTo(6);
  }

  @Test
  void keyIsThePrimaryKeyElseTheFirstNotNullUniqueKey() {
    TableDefinition t = TableDefinition.fromCreateTable("s", "CREATE TABLE t (a int, b int NOT NULL, c int NOT NULL, "
        + "UNIQUE KEY u1 (a), UNIQUE KEY u2 (c, b))");
    assertThat(t.primaryKey()).isEmpty();
    assertThat(t.keyColumns()).containsExactly("c", "b");
    assertThat(t.column("c").orElseThrow().key()).isTrue();
    assertThat(t.column("a").orElseThrow().key()).isFalse();
    TableDefinition none = TableDefinition.fromCreateTable("s", "CREATE TABLE t (a int, UNIQUE KEY (a))");
    assertThat(none.keyColumns()).isEmpty();
  }

  @Test
  void readsMariaDbShowCreateTable() {
    TableDefinition t = TableDefinition.fromCreateTable("m", "CREATE TABLE `t` (\n"
        + "  `id` int(11) NOT NULL,\n"
        + "  `ip` inet6 DEFAULT NULL,\n"
        + "  `u` uuid DEFAULT NULL,\n"
        + "  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`j`)),\n"
        + "  `c` text COMPRESSED DEFAULT NULL,\n"
        + "  PRIMARY KEY (`id`)\n"
        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
    assertThat(t.columns()).extracting(ColumnDefinition::typeName)
        .containsExactly("INT", "INET6", "UUID", "LONGTEXT", "TEXT");
    assertThat(t.column("id").orElseThrow().length()).isEqualTo(11);
  }

  @Test
  void rejectsWhatIsNotACreateTable() {
    assertThatThrownBy(() -> TableDefinition.fromCreateTable("s", "DROP TABLE t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a CREATE TABLE with columns");
    assertThatThrownBy(() -> TableDefinition.fromCreateTable("s", "CREATE TABLE t (a int, a int)"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate column a in s.t");
    assertThatThrownBy(() -> TableDefinition.fromCreateTable("s", "CREATE TABLE t (a int"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statement not understood");
  }

  @Test
  void builderPlacesColumnsAndKeys() {
    TableDefinition t = TableDefinition.builder("s", "t")
        .addColumn(ColumnDefinition.builder("v", "varchar").length(10).build())
        .addColumn(ColumnDefinition.builder("k", "int").build())
        .primaryKey(List.of("K")).build();
    assertThat(t.keyColumns()).containsExactly("k");
    assertThat(t.column("k").orElseThrow().nullable()).isFalse();
    assertThat(t.column("v").orElseThrow().position()).isEqualTo(1);
    assertThat(t.toBuilder().build()).isEqualTo(t);
    assertThatThrownBy(() -> TableDefinition.builder("s", "t").primaryKey(List.of("x")).build())
        .hasMessage("primary key column x is not a column of s.t");
  }

  @Test
  void lexerKeepsLiteralsAndUnwrapsExecutableComments() throws Exception {
    List<SqlLexer.Token> t = SqlLexer.tokenize("ALTER /* x */ TABLE `a``b` ADD c varchar(3) DEFAULT 'it''s -- no' "
        + "/*!80023 INVISIBLE */ -- tail\n# hash\n, ADD d binary(2) DEFAULT X'0A0B' /*M!100301 COMMENT \"m\" */");
    assertThat(t).extracting(SqlLexer.Token::text).containsExactly("ALTER", "TABLE", "`a``b`", "ADD", "c", "varchar",
        "(", "3", ")", "DEFAULT", "'it''s -- no'", "INVISIBLE", ",", "ADD", "d", "binary", "(", "2", ")", "DEFAULT",
        "X'0A0B'", "COMMENT", "\"m\"");
    assertThat(t.get(2).identifier()).isEqualTo("a`b");
    assertThatThrownBy(() -> SqlLexer.tokenize("SELECT 'open")).hasMessage("unterminated string literal");
    assertThatThrownBy(() -> SqlLexer.tokenize("/* open")).hasMessage("unterminated comment");
  }
}
