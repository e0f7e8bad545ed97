package org.binlogload.dorisdouble;

import java.util.ArrayList;
import java.util.List;
import org.binlogload.dorisdouble.SqlLexer.Kind;
import org.binlogload.dorisdouble.SqlLexer.Token;

/** Parses column types and column definitions as CREATE TABLE and ALTER TABLE ... COLUMN write them. */
final class ColumnDefinitions {
    private ColumnDefinitions() {
    }

    static DataType type(SqlParser in) {
        Token t = in.peek();
        if (t.kind != Kind.IDENT) {
            throw in.error("a column type");
        }
        in.next();
        String name = t.upper();
        List<Integer> args = new ArrayList<>();
        if (in.acceptSymbol("(")) {
            do {
                Token n = in.next();
                if (n.kind != Kind.NUMBER) {
                    in.back();
                    throw in.error("a number");
                }
                args.add(Integer.parseInt(n.text));
            } while (in.acceptSymbol(","));
            in.expectSymbol(")");
        }
        in.accept("UNSIGNED");
        switch (name) {
            case "BOOLEAN": case "BOOL": return DataType.of(DataType.Kind.BOOLEAN);
            case "TINYINT": return DataType.of(DataType.Kind.TINYINT);
            case "SMALLINT": return DataType.of(DataType.Kind.SMALLINT);
            case "INT": case "INTEGER": return DataType.of(DataType.Kind.INT);
            case "BIGINT": return DataType.of(DataType.Kind.BIGINT);
            case "LARGEINT": return DataType.of(DataType.Kind.LARGEINT);
            case "FLOAT": return DataType.of(DataType.Kind.FLOAT);
            case "DOUBLE": return DataType.of(DataType.Kind.DOUBLE);
            case "DECIMAL": case "DECIMALV3": case "DECIMALV2": case "NUMERIC": {
                int precision = args.isEmpty() ? 9 : args.get(0);
                int scale = args.size() > 1 ? args.get(1) : 0;
                if (precision < 1 || precision > DataType.MAX_DECIMAL_PRECISION) {
                    throw new DorisSqlException("Decimal precision must be in [1, 38], current: " + precision);
                }
                if (scale < 0 || scale > precision) {
                    throw new DorisSqlException("Decimal scale must be in [0, precision], current: " + scale);
                }
                return DataType.decimal(precision, scale);
            }
            case "DATE": case "DATEV2": return DataType.of(DataType.Kind.DATE);
            case "DATETIME": case "DATETIMEV2": {
                int fsp = args.isEmpty() ? 0 : args.get(0);
                if (fsp < 0 || fsp > 6) {
                    throw new DorisSqlException("Scale of Datetime/Time must between 0 and 6. Scale was set to: "
                            + fsp);
                }
                return DataType.datetime(fsp);
            }
            case "CHAR": {
                int len = args.isEmpty() ? 1 : args.get(0);
                if (len < 1 || len > DataType.MAX_CHAR) {
                    throw new DorisSqlException("Char size must between 1 and 255. Size was set to: " + len);
                }
                return DataType.charType(len);
            }
            case "VARCHAR": {
                int len = args.isEmpty() ? DataType.MAX_VARCHAR : args.get(0);
                if (len < 1 || len > DataType.MAX_VARCHAR) {
                    throw new DorisSqlException("Varchar size must between 1 and 65533. Size was set to: "
                            + len);
                }
                return DataType.varchar(len);
            }
            case "STRING": case "TEXT": return DataType.of(DataType.Kind.STRING);
            case "JSON": case "JSONB": return DataType.of(DataType.Kind.JSON);
            case "TIME": case "TIMEV2":
                // FE SchemaChangeHandler / CreateTable analysis
                throw new DorisSqlException("Time type is not supported for olap table");
            default:
                throw new DorisSqlException("the Doris double does not model the type " + t.text);
        }
    }

    /** One column definition: name type [KEY] [NULL|NOT NULL] [AUTO_INCREMENT] [DEFAULT x] [COMMENT 's']. */
    static Column columnDef(SqlParser in, int uniqueId) {
        String name = in.ident();
        DataType type = type(in);
        boolean key = false;
        boolean nullable = true;
        String def = null;
        boolean hasDefault = false;
        String comment = "";
        while (true) {
            if (in.accept("KEY")) {
                key = true;
            } else if (in.accept("NOT")) {
                in.expect("NULL");
                nullable = false;
            } else if (in.accept("NULL")) {
                nullable = true;
            } else if (in.accept("DEFAULT")) {
                def = in.literal();
                hasDefault = true;
            } else if (in.accept("COMMENT")) {
                Token c = in.next();
                if (c.kind != Kind.STRING) {
                    in.back();
                    throw in.error("a string");
                }
                comment = c.text;
            } else if (in.accept("AUTO_INCREMENT")) {
                throw new DorisSqlException("the Doris double does not model AUTO_INCREMENT columns");
            } else if (in.accept("ON")) {
                in.expect("UPDATE");
                in.literal();
            } else if (in.peek().is("REPLACE") || in.peek().is("NONE")) {
                in.next();
            } else {
                break;
            }
        }
        if (hasDefault && def != null && !def.equals("CURRENT_TIMESTAMP")) {
            try {
                type.convert(def);
            } catch (DataType.ConversionException e) {
                throw new DorisSqlException("Invalid default value for '" + name + "': " + e.getMessage());
            }
        }
        return new Column(uniqueId, name, type, key, nullable, hasDefault ? def : null, comment, true);
    }
}
