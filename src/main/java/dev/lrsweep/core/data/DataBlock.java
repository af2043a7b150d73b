package dev.lrsweep.core.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows of training data packed into primitive arrays: {@code rows × features} values in row-major order and one
 * label per row. Labels are real values for regression, 0/1 for binary and 0..C-1 for multi-class problems.
 * The features are held as doubles, or as floats ({@link #compact}) to halve their memory; arithmetic on them is
 * always in double.
 *
 * <p>A block is immutable once built and is shared, read-only, by every trial that trains on it.
 */
public final class DataBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int features;
    private final double[] x;
    private final float[] xf;
    private final double[] y;

    /** A block that holds its features as floats: each value is rounded to float once, here. */
    public DataBlock(int rows, int features, float[] x, double[] y) {
        check(rows, features, x.length, y.length);
        this.rows = rows;
        this.features = features;
        this.x = null;
        this.xf = x;
        this.y = y;
    }

    /** A block of {@code x}, stored as doubles or, with {@code float32}, as floats. */
    public static DataBlock of(int rows, int features, double[] x, double[] y, boolean float32) {
        if (!float32) {
            return new DataBlock(rows, features, x, y);
        }
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return new DataBlock(rows, features, f, y);
    }

    private static void check(int rows, int features, int values, int labels) {
        if (rows < 0 || features < 0) {
            throw new IllegalArgumentException("rows and features must not be negative");
        }
        if (values != (long) rows * features) {
            throw new IllegalArgumentException("expected " + (long) rows * features + " feature values, got " + values);
        }
        if (labels != rows) {
            throw new IllegalArgumentException("expected " + rows + " labels, got " + labels);
        }
    }

    public DataBlock(int rows, int features, double[] x, double[] y) {
        check(rows, features, x.length, y.length);
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.xf = null;
        this.y = y;
    }

    /** A block from a row-per-array matrix, copying it. */
    public static DataBlock of(double[][] matrix, double[] labels) {
        int d = matrix.length == 0 ? 0 : matrix[0].length;
        double[] flat = new double[matrix.length * d];
        for (int i = 0; i < matrix.length; i++) {
            if (matrix[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " features, expected " + d);
            }
            System.arraycopy(matrix[i], 0, flat, i * d, d);
        }
        return new DataBlock(matrix.length, d, flat, labels.clone());
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    /** True when the features are held as floats. */
    public boolean compact() {
        return xf != null;
    }

    /** The bytes the features and labels take. */
    public long bytes() {
        return (long) rows * features * (compact() ? 4 : 8) + 8L * rows;
    }

    /**
     * The feature values of a double block, row-major; index {@code row * features() + j}. Do not modify.
     *
     * @throws IllegalStateException for a {@link #compact} block: read it with {@link #copyRow} or {@link #feature}
     */
    public double[] x() {
        if (x == null) {
            throw new IllegalStateException("the block holds floats; read it with copyRow or feature");
        }
        return x;
    }

    /**
     * Reads one value from each cache line of the given rows and returns their sum, which means nothing. Called
     * before copying rows fetched in a random order, it lets the processor fetch all of their cache lines at once:
     * the reads do not depend on each other, where a row-by-row copy waits for memory one row at a time.
     *
     * @param order the rows, or null for rows {@code from … from + count − 1}
     */
    public double touchRows(int[] order, int from, int count) {
        return x != null ? touch(x, order, from, count, features) : touch(xf, order, from, count, features);
    }

    private static double touch(double[] values, int[] order, int from, int count, int features) {
        double sum = 0.0;
        for (int i = 0; i < count; i++) {
            int start = (order == null ? from + i : order[from + i]) * features;
            int end = start + features;
            for (int at = start; at < end; at += 8) {  // 8 doubles per 64-byte cache line
                sum += values[at];
            }
            sum += values[end - 1];
        }
        return sum;
    }

    private static double touch(float[] values, int[] order, int from, int count, int features) {
        double sum = 0.0;
        for (int i = 0; i < count; i++) {
            int start = (order == null ? from + i : order[from + i]) * features;
            int end = start + features;
            for (int at = start; at < end; at += 16) {  // 16 floats per 64-byte cache line
                sum += values[at];
            }
            sum += values[end - 1];
        }
        return sum;
    }

    /** Copies one row's features, as doubles, into {@code to} from {@code offset}. */
    public void copyRow(int row, double[] to, int offset) {
        int from = row * features;
        if (x != null) {
            System.arraycopy(x, from, to, offset, features);
        } else {
            for (int j = 0; j < features; j++) {
                to[offset + j] = xf[from + j];
            }
        }
    }

    /** The labels. Do not modify. */
    public double[] y() {
        return y;
    }

    public double feature(int row, int j) {
        return x != null ? x[row * features + j] : xf[row * features + j];
    }

    public double label(int row) {
        return y[row];
    }

    /** The rows at the given indices, in that order, as a new block. */
    public DataBlock select(int[] indices) {
        double[] ny = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            ny[i] = y[indices[i]];
        }
        if (x != null) {
            double[] nx = new double[indices.length * features];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(x, indices[i] * features, nx, i * features, features);
            }
            return new DataBlock(indices.length, features, nx, ny);
        }
        float[] nx = new float[indices.length * features];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(xf, indices[i] * features, nx, i * features, features);
        }
        return new DataBlock(indices.length, features, nx, ny);
    }

    /** 0, 1, …, rows − 1. */
    public int[] identityOrder() {
        int[] order = new int[rows];
        Arrays.setAll(order, i -> i);
        return order;
    }
}
