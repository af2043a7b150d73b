package dev.lrsweep.results;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * One column of a result table, declared once: its name, Spark type, whether it may be null and what it means. The
 * tables' schemas, their rows and the README's schema tables all come from these declarations.
 */
public record ResultColumn(String name, DataType type, boolean nullable, String meaning) implements Serializable {

    /** The schema of a table declared as these columns, in their order. */
    public static StructType schema(List<ResultColumn> columns) {
        StructType s = new StructType();
        for (ResultColumn c : columns) {
            s = s.add(c.name(), c.type(), c.nullable());
        }
        return s;
    }

    /** The names of these columns, in their order. */
    public static List<String> names(List<ResultColumn> columns) {
        return columns.stream().map(ResultColumn::name).toList();
    }
}
