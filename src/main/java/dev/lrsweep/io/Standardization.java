package dev.lrsweep.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-feature z-scores: the mean and the population standard deviation of each feature over the training rows.
 * A constant feature gets standard deviation 1, so it becomes a column of zeros.
 *
 * @param constant the names of the constant features
 */
public record Standardization(double[] mean, double[] std, List<String> constant) implements Serializable {

    /** Fits the statistics to {@code rows × d} row-major values. */
    public static Standardization fit(double[] x, int rows, int d, List<String> names) {
        double[] mean = new double[d];
        double[] std = new double[d];
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
                std[j] += e * e;
            }
        }
        List<String> constant = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / rows);
            if (!(std[j] > 0)) {
                std[j] = 1.0;
                constant.add(names.get(j));
            }
        }
        return new Standardization(mean, std, List.copyOf(constant));
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
