package dev.lrsweep.io;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads the columns {@link DataReader} selects straight from Spark's internal rows, without converting them to
 * {@link org.apache.spark.sql.Row}s: the label (ordinal 0), the scalar features or one array of features, then the
 * row's file and its split's start. It also follows which input split each row belongs to: a split's rows come
 * one after another in a partition.
 */
final class SourceRows implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An input split: a file and the byte offset its piece starts at. */
    record Split(String file, long start) implements Serializable {
    }

    private final int scalars;
    private final boolean vector;
    private final int fileAt;

    private transient UTF8String file;
    private transient long start = Long.MIN_VALUE;
    private transient Split split;

    /** @param scalars the scalar feature columns, 0 with a vector column */
    SourceRows(int scalars, boolean vector) {
        this.scalars = scalars;
        this.vector = vector;
        this.fileAt = 1 + (vector ? 1 : scalars);
    }

    int scalars() {
        return scalars;
    }

    boolean vector() {
        return vector;
    }

    /** The row's split; the same object as the previous row's while the split does not change. */
    Split split(InternalRow row) {
        UTF8String f = row.getUTF8String(fileAt);
        long s = row.getLong(fileAt + 1);
        if (split == null || s != start || !f.equals(file)) {
            file = f.clone();
            start = s;
            split = new Split(file.toString(), s);
        }
        return split;
    }

    static boolean labelNull(InternalRow row) {
        return row.isNullAt(0);
    }

    static double label(InternalRow row) {
        return row.getDouble(0);
    }

    /** Scalar feature j: NaN stands for null here ({@link #featureNull} tells them apart). */
    static double feature(InternalRow row, int j) {
        return row.isNullAt(1 + j) ? Double.NaN : row.getDouble(1 + j);
    }

    static boolean featureNull(InternalRow row, int j) {
        return row.isNullAt(1 + j);
    }

    /** The vector column's values, or null. */
    static double[] vector(InternalRow row) {
        if (row.isNullAt(1)) {
            return null;
        }
        ArrayData a = row.getArray(1);
        int n = a.numElements();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a.isNullAt(i) ? Double.NaN : a.getDouble(i);
        }
        return v;
    }
}
