package org.binlogload.dorisdouble;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One column of a table; immutable, a schema change makes a new one with the same unique id.
 *
 * <p>Hidden columns follow FE {@code catalog/Column}: {@code __DORIS_DELETE_SIGN__} (TINYINT), {@code
 * __DORIS_VERSION_COL__} (BIGINT) and {@code __DORIS_SEQUENCE_COL__} exist on UNIQUE KEY tables and are invisible.
 */
final class Column {
    static final String DELETE_SIGN = "__DORIS_DELETE_SIGN__";
    static final String VERSION_COL = "__DORIS_VERSION_COL__";
    static final String SEQUENCE_COL = "__DORIS_SEQUENCE_COL__";

    final int uniqueId;
    final String name;
    final DataType type;
    final boolean key;
    final boolean nullable;
    /** The DEFAULT text as written (without quotes), or null when there is none. */
    final String defaultValue;
    final String comment;
    final boolean visible;

    Column(int uniqueId, String name, DataType type, boolean key, boolean nullable, String defaultValue,
           String comment, boolean visible) {
        this.uniqueId = uniqueId;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.key = key;
        this.nullable = nullable;
        this.defaultValue = defaultValue;
        this.comment = comment == null ? "" : comment;
        this.visible = visible;
    }

    Column withUniqueId(int id) {
        return new Column(id, name, type, key, nullable, defaultValue, comment, visible);
    }

    Column withName(String newName) {
        return new Column(uniqueId, newName, type, key, nullable, defaultValue, comment, visible);
    }

    boolean nameIs(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** Same definition (type, key, nullability, default, comment), ignoring the unique id. */
    boolean sameDefinition(Column o) {
        return type.equals(o.type) && key == o.key && nullable == o.nullable
                && Objects.equals(defaultValue, o.defaultValue) && comment.equals(o.comment);
    }

    boolean hasDefault() {
        return defaultValue != null;
    }

    /** The stored default of this column, as Doris fills a column a load or a schema change leaves out. */
    Object storedDefault(long nowMillis) {
        if (defaultValue == null) {
            return null;
        }
        String d = defaultValue;
        if (d.equalsIgnoreCase("CURRENT_TIMESTAMP")) {
            LocalDateTime now = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMillis),
                    java.time.ZoneId.systemDefault());
            try {
                return type.convert(now);
            } catch (DataType.ConversionException e) {
                return null;
            }
        }
        try {
            return type.convert(d);
        } catch (DataType.ConversionException e) {
            return null;
        }
    }
}
