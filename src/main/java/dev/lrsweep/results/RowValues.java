package dev.lrsweep.results;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A row filled in by column name, so that no value lands in another column's place: every column of the schema
 * must be set exactly once, and only columns of the schema may be.
 */
public final class RowValues {
    private final StructType schema;
    private final boolean keepNaN;
    private final Object[] values;

    /** A value for a nullable column: null for NaN (what is not known). */
    public static Double absent(double v) {
        return Double.isNaN(v) ? null : v;
    }
    private final boolean[] set;

    /** A row whose NaN doubles become null (absent), as the result tables store them. */
    public RowValues(StructType schema) {
        this(schema, false);
    }

    /** @param keepNaN keep NaN doubles as they are (the evidence rows, which must rebuild the evidence exactly) */
    public RowValues(StructType schema, boolean keepNaN) {
        this.schema = schema;
        this.keepNaN = keepNaN;
        this.values = new Object[schema.size()];
        this.set = new boolean[schema.size()];
    }

    /** Sets a column. */
    public RowValues put(String column, Object value) {
        int i = schema.fieldIndex(column);
        if (set[i]) {
            throw new IllegalStateException("column " + column + " is set twice");
        }
        set[i] = true;
        values[i] = !keepNaN && value instanceof Double d && d.isNaN() ? null : value;
        return this;
    }

    public Row row() {
        for (int i = 0; i < set.length; i++) {
            if (!set[i]) {
                throw new IllegalStateException("column " + schema.fields()[i].name() + " is not set");
            }
        }
        return RowFactory.create(Arrays.copyOf(values, values.length));
    }
}
