package org.binlogload.dorisdouble;

import java.util.Locale;

/** Decides which column type changes ALTER TABLE ... MODIFY COLUMN accepts, with the FE error texts. */
final class ColumnTypeChange {
    private ColumnTypeChange() {
    }

    /** FE catalog/ColumnType.checkSupportSchemaChange and checkForTypeLengthChange. */
    static void check(DataType src, DataType dst) {
        DataType.Kind s = src.kind;
        DataType.Kind d = dst.kind;
        if ((s == DataType.Kind.VARCHAR || s == DataType.Kind.CHAR) && s == d) {
            if (dst.length < src.length) {
                throw new DorisSqlException("Shorten type length is prohibited, srcType=" + src.toSql()
                        + ", dstType=" + dst.toSql());
            }
            return;
        }
        if (d == DataType.Kind.STRING && (s.isStringLike() || s.isNumeric() || s == DataType.Kind.DATE
                || s == DataType.Kind.DATETIME || s == DataType.Kind.BOOLEAN)) {
            return;
        }
        if (s.isInteger() && d.isInteger()) {
            if (dst.integerRank() < src.integerRank()) {
                throw narrower(src, dst);
            }
            return;
        }
        if (s.isInteger() && (d == DataType.Kind.DOUBLE || d == DataType.Kind.DECIMAL
                || d == DataType.Kind.FLOAT)) {
            return;
        }
        if (s.isInteger() && (d == DataType.Kind.VARCHAR || d == DataType.Kind.CHAR)) {
            int need = new int[] {0, 4, 6, 11, 20, 40}[src.integerRank()];
            if (dst.length < need) {
                throw narrower(src, dst);
            }
            return;
        }
        if (s == DataType.Kind.FLOAT && d == DataType.Kind.DOUBLE) {
            return;
        }
        if (s == DataType.Kind.DOUBLE && d == DataType.Kind.FLOAT) {
            throw narrower(src, dst);
        }
        if (s == DataType.Kind.DECIMAL && d == DataType.Kind.DECIMAL) {
            if (dst.scale < src.scale || dst.length - dst.scale < src.length - src.scale) {
                throw narrower(src, dst);
            }
            return;
        }
        if (s == DataType.Kind.DATE && d == DataType.Kind.DATETIME) {
            return;
        }
        if (s == DataType.Kind.DATETIME && d == DataType.Kind.DATETIME) {
            if (dst.length < src.length) {
                throw narrower(src, dst);
            }
            return;
        }
        if (s == DataType.Kind.STRING && (d == DataType.Kind.VARCHAR || d == DataType.Kind.CHAR)) {
            throw narrower(src, dst);
        }
        if ((s == DataType.Kind.VARCHAR || s == DataType.Kind.CHAR) && (d.isNumeric()
                || d == DataType.Kind.DATE || d == DataType.Kind.DATETIME || d == DataType.Kind.VARCHAR)) {
            return; // converted by the job; a value that does not convert cancels it
        }
        throw new DorisSqlException("Can not change " + src.toSql().toUpperCase(Locale.ROOT) + " to "
                + dst.toSql().toUpperCase(Locale.ROOT));
    }

    private static DorisSqlException narrower(DataType src, DataType dst) {
        return new DorisSqlException("Can not change from wider type " + src.toSql() + " to narrower type "
                + dst.toSql());
    }
}
