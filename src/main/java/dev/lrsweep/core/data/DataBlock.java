package dev.lrsweep.core.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows of training data packed into primitive arrays: {@code rows × features} values in row-major order and one
 * label per row. Labels are real values for regression, 0/1 for binary and 0..C-1 for multi-class problems.
 *
 * <p>A block is immutable once built and is shared, read-only, by every trial that trains on it.
 */
public final class DataBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int features;
    private final double[] x;
    private final double[] y;

    public DataBlock(int rows, int features, double[] x, double[] y) {
        if (rows < 0 || features < 0) {
            throw new IllegalArgumentException("rows and features must not be negative");
        }
        if (x.length != (long) rows * features) {
            throw new IllegalArgumentException("expected " + (long) rows * features + " feature values, got " + x.length);
        }
        if (y.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " labels, got " + y.length);
        }
        this.rows = rows;
        this.features = features;
        this.x = x;
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

    /** The feature values, row-major; index {@code row * features() + j}. Do not modify. */
    public double[] x() {
        return x;
    }

    /** The labels. Do not modify. */
    public double[] y() {
        return y;
    }

    public double feature(int row, int j) {
        return x[row * features + j];
    }

    public double label(int row) {
        return y[row];
    }

    /** The rows at the given indices, in that order, as a new block. */
    public DataBlock select(int[] indices) {
        double[] nx = new double[indices.length * features];
        double[] ny = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * features, nx, i * features, features);
            ny[i] = y[indices[i]];
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
