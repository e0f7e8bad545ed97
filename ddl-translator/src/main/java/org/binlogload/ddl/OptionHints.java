package org.binlogload.ddl;

/** How a refusal names the settings that get past it: the Java API by default; a host names its own settings. */
public interface OptionHints {
  /** The Java API's names ({@link NameMapping}, {@code unicodeNames}). */
  OptionHints JAVA_API = new OptionHints() {
    @Override
    public String mapTable(String sourceTable) {
      return "the name mapping option (TranslatorOptions.nameMapping: NameMapping.builder().table(\"" + sourceTable
          + "\", \"<doris name>\"))";
    }

    @Override
    public String mapColumn(String sourceTable, String column) {
      return "the name mapping option (TranslatorOptions.nameMapping: NameMapping.builder().column(\"" + sourceTable
          + "\", \"" + column + "\", \"<doris name>\"))";
    }

    @Override
    public String unicodeNames() {
      return "the unicodeNames option";
    }
  };

  /** The setting that maps MySQL table {@code sourceTable} to another Doris name. */
  String mapTable(String sourceTable);

  /** The setting that maps column {@code column} of MySQL table {@code sourceTable} to another Doris name. */
  String mapColumn(String sourceTable, String column);

  /** The setting that says the Doris cluster runs with {@code enable_unicode_name_support = true}. */
  String unicodeNames();
}
