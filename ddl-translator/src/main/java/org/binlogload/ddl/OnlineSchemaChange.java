package org.binlogload.ddl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the helper tables of pt-online-schema-change ({@code _t_new}, {@code _t_old}) and gh-ost
 * ({@code _t_gho}, {@code _t_del}, {@code _t_ghc}). These tables never exist in Doris, and the connector must not
 * load their rows: the shadow's schema changes are applied to the original Doris table at the final swap.
 */
public final class OnlineSchemaChange {

  /** What a helper table is. */
  public enum Role {
    /** The new copy being altered and filled ({@code _t_new}, {@code _t_gho}). */
    SHADOW,
    /** The old table after the swap ({@code _t_old}, {@code _t_del}, gh-ost's cut-over sentry). */
    RETIRED,
    /** gh-ost's changelog table ({@code _t_ghc}). */
    CHANGELOG
  }

  /** A helper table's role and the name of the table it belongs to. */
  public record Helper(Role role, String baseTable) {
  }

  private static final Pattern PT = Pattern.compile("^_+(.+)_(new|old)$");
  private static final Pattern GHOST = Pattern.compile("^_(.+?)(?:_\\d{14})?_(gho|del|ghc)$");

  private OnlineSchemaChange() {
  }

  /** The helper role of {@code tableName}, or empty for an ordinary table. */
  public static Optional<Helper> classify(String tableName) {
    Matcher m = GHOST.matcher(tableName);
    if (m.matches()) {
      Role role = switch (m.group(2)) {
        case "gho" -> Role.SHADOW;
        case "del" -> Role.RETIRED;
        default -> Role.CHANGELOG;
      };
      return Optional.of(new Helper(role, m.group(1)));
    }
    m = PT.matcher(tableName);
    if (m.matches()) {
      return Optional.of(new Helper(m.group(2).equals("new") ? Role.SHADOW : Role.RETIRED, m.group(1)));
    }
    return Optional.empty();
  }

  /** Whether {@code tableName} is a helper table whose rows the connector must not load. */
  public static boolean isHelperTable(String tableName) {
    return classify(tableName).isPresent();
  }
}
