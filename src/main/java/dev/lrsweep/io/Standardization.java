package dev.lrsweep.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-feature z-scores: the mean and the population standard deviation of each feature over the training rows.
 * A constant feature gets standard deviation 1, so it becomes a column of zeros.
 *
 * <p>The statistics are made of {@link Part}s, one per shard (the replicated layout has one): each part's mean
 * and sum of squared deviations in two passes over its rows in order, the parts combined in shard order with the
 * pairwise update of Chan, Golub and LeVeque. A shard's rows do not depend on the cluster, so neither do the
 * bits; one part gives exactly the two-pass mean and deviation.
 *
 * @param constant the names of the constant features
 */
public record Standardization(double[] mean, double[] std, List<String> constant) implements Serializable {

    /** One shard's rows, summarised: their count, per-feature mean and sum of squared deviations from it. */
    public record Part(long rows, double[] mean, double[] squares) implements Serializable {

        /** Summarises {@code rows × d} row-major values. */
        public static Part of(double[] x, int rows, int d) {
            double[] mean = new double[d];
            double[] squares = new double[d];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[i * d + j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= rows;
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d; j++) {
                    double e = x[i * d + j] - mean[j];
                    squares[j] += e * e;
                }
            }
            return new Part(rows, mean, squares);
        }

        /** This part followed by another. */
        Part and(Part o) {
            if (o.rows == 0) {
                return this;
            }
            if (rows == 0) {
                return o;
            }
            long n = rows + o.rows;
            double[] m = new double[mean.length];
            double[] s = new double[mean.length];
            for (int j = 0; j < m.length; j++) {
                double delta = o.mean[j] - mean[j];
                m[j] = mean[j] + delta * ((double) o.rows / n);
                s[j] = squares[j] + o.squares[j] + delta * delta * ((double) rows * o.rows / n);
            }
            return new Part(n, m, s);
        }
    }

    /** Fits the statistics to {@code rows × d} row-major values. */
    public static Standardization fit(double[] x, int rows, int d, List<String> names) {
        return of(List.of(Part.of(x, rows, d)), names);
    }

    /** The statistics of the parts' rows, the parts taken in order. */
    public static Standardization of(List<Part> parts, List<String> names) {
        Part all = parts.get(0);
        for (int k = 1; k < parts.size(); k++) {
            all = all.and(parts.get(k));
        }
        int d = all.mean.length;
        double[] std = new double[d];
        List<String> constant = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(all.squares[j] / all.rows);
            if (!(std[j] > 0)) {
                std[j] = 1.0;
                constant.add(names.get(j));
            }
        }
        return new Standardization(all.mean.clone(), std, List.copyOf(constant));
    }

    /** Standardises {@code rows × d} row-major values in place. */
    public void apply(double[] x, int rows) {
        int d = mean.length;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
            }
        }
    }
}
