package org.binlogload.canal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A column's charset is its own CHARACTER SET or COLLATE, else the table's; null where the definition names none. */
class DefinitionCharsetsTest {
  @Test
  void theColumnsOwnElseTheTablesElseNone() {
    assertThat(DefinitionCharsets.of("CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n"
        + "  `a` varchar(10) CHARACTER SET gbk COLLATE gbk_chinese_ci DEFAULT NULL,\n  `b` text COLLATE latin2_bin,\n"
        + "  `c` varchar(5) DEFAULT NULL,\n  `d` char(3) CHARACTER SET utf8 COLLATE utf8_bin,\n"
        + "  `e` varchar(3) COLLATE utf8mb4_uca1400_ai_ci,\n  PRIMARY KEY (`id`)\n"
        + ") ENGINE=InnoDB DEFAULT CHARSET=cp1251 COLLATE=cp1251_general_ci"))
        .containsExactly("cp1251", "gbk", "latin2", "cp1251", "utf8mb3", "utf8mb4");
    assertThat(DefinitionCharsets.of("create table t (a varchar(3), b nchar(2)) collate sjis_bin"))
        .containsExactly("sjis", "utf8mb3");
    assertThat(DefinitionCharsets.of("create table t (a varchar(3), b text character set big5)"))
        .containsExactly(null, "big5");
    assertThat(DefinitionCharsets.of("not a create table")).isNull();
    assertThat(DefinitionCharsets.of(null)).isNull();
  }
}
