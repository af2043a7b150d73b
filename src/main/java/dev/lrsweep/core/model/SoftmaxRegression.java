package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;
import java.util.Arrays;

/**
 * Multinomial logistic regression with PyTorch's {@code nn.CrossEntropyLoss()}: the mean over rows of
 * {@code logsumexp(z) − z_y}, computed with the maximum subtracted first. Labels are 0 … C−1.
 *
 * <p>The parameter layout is PyTorch's {@code nn.Linear(d, C)}: the weight matrix row-major
 * ({@code W[c][j]} at {@code c·d + j}), then the C biases.
 */
public final class SoftmaxRegression implements Model {
    private static final long serialVersionUID = 1L;

    private final int features;
    private final int classes;

    public SoftmaxRegression(int features, int classes) {
        if (features < 1) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
        }
        this.features = features;
        this.classes = classes;
    }

    public int classes() {
        return classes;
    }

    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public int parameterCount() {
        return classes * (features + 1);
    }

    /** Writes the C outputs of one row into z and returns log Σ exp(z). */
    private double outputs(double[] params, double[] x, int offset, double[] z) {
        int d = features;
        int biases = classes * d;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double s = 0.0;
            int w = c * d;
            for (int j = 0; j < d; j++) {
                s += params[w + j] * x[offset + j];
            }
            s += params[biases + c];
            z[c] = s;
            max = Math.max(max, s);
        }
        if (max == Double.POSITIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double sum = 0.0;
        for (int c = 0; c < classes; c++) {
            sum += StrictMath.exp(z[c] - max);
        }
        return max + StrictMath.log(sum);
    }

    @Override
    public double lossAndGradient(double[] params, DataBlock data, int[] order, int from, int to, double[] gradient) {
        int d = features;
        int biases = classes * d;
        double[] x = data.x();
        double[] y = data.y();
        double[] z = new double[classes];
        Arrays.fill(gradient, 0, parameterCount(), 0.0);
        double scale = 1.0 / (to - from);
        double loss = 0.0;
        for (int i = from; i < to; i++) {
            int row = order[i];
            int offset = row * d;
            int label = (int) y[row];
            double lse = outputs(params, x, offset, z);
            loss += lse - z[label];
            for (int c = 0; c < classes; c++) {
                double p = StrictMath.exp(z[c] - lse);
                double s = ((c == label ? p - 1.0 : p)) * scale;
                int w = c * d;
                for (int j = 0; j < d; j++) {
                    gradient[w + j] += s * x[offset + j];
                }
                gradient[biases + c] += s;
            }
        }
        return loss * scale;
    }

    @Override
    public double meanLoss(double[] params, DataBlock data, int[] order, int from, int to) {
        double[] z = new double[classes];
        double loss = 0.0;
        for (int i = from; i < to; i++) {
            int row = order == null ? i : order[i];
            double lse = outputs(params, data.x(), row * features, z);
            loss += lse - z[(int) data.y()[row]];
        }
        return loss / (to - from);
    }

    @Override
    public String checkLabels(DataBlock data) {
        double[] y = data.y();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < classes && y[i] == Math.rint(y[i]))) {
                return "row " + i + " has label " + y[i] + ", expected a whole number from 0 to " + (classes - 1);
            }
        }
        return null;
    }
}
