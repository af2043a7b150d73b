package dev.lrsweep.spark;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A row filled in by column name, so that no value lands in another column's place: every column of the schema
 * must be set exactly once, and only columns of the schema may be.
 */
final class RowValues {
    private final StructType schema;
    private final Object[] values;
    private final boolean[] set;

    RowValues(StructType schema) {
        this.schema = schema;
        this.values = new Object[schema.size()];
        this.set = new boolean[schema.size()];
    }

    /** Sets a column; NaN doubles become null (absent). */
    RowValues put(String column, Object value) {
        int i = schema.fieldIndex(column);
        if (set[i]) {
            throw new IllegalStateException("column " + column + " is set twice");
        }
        set[i] = true;
        values[i] = value instanceof Double d && d.isNaN() ? null : value;
        return this;
    }

    Row row() {
        for (int i = 0; i < set.length; i++) {
            if (!set[i]) {
                throw new IllegalStateException("column " + schema.fields()[i].name() + " is not set");
            }
        }
        return RowFactory.create(Arrays.copyOf(values, values.length));
    }
}
