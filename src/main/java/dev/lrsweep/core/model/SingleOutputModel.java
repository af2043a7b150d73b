package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;

/**
 * A model with one output per row, {@code z = w·x + b}, and a per-row loss of z and the label. The parameter
 * layout is {@code [w_0 … w_{d−1}, b]}, as PyTorch's {@code nn.Linear(d, 1)} weight followed by its bias.
 */
abstract class SingleOutputModel implements Model {
    private static final long serialVersionUID = 1L;

    private final int features;

    SingleOutputModel(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        this.features = features;
    }

    /** The loss of one row with output z and label y. */
    abstract double rowLoss(double z, double y);

    /** The derivative of the row loss with respect to z. */
    abstract double rowLossSlope(double z, double y);

    @Override
    public final int features() {
        return features;
    }

    @Override
    public final int parameterCount() {
        return features + 1;
    }

    static double output(double[] params, double[] x, int offset, int d) {
        double z = 0.0;
        for (int j = 0; j < d; j++) {
            z += params[j] * x[offset + j];
        }
        return z + params[d];
    }

    @Override
    public final double lossAndGradient(double[] params, DataBlock data, int[] order, int from, int to,
                                        double[] gradient) {
        int d = features;
        double[] x = data.x();
        double[] y = data.y();
        java.util.Arrays.fill(gradient, 0, d + 1, 0.0);
        double scale = 1.0 / (to - from);
        double loss = 0.0;
        for (int i = from; i < to; i++) {
            int row = order[i];
            int offset = row * d;
            double z = output(params, x, offset, d);
            loss += rowLoss(z, y[row]);
            double s = rowLossSlope(z, y[row]) * scale;
            for (int j = 0; j < d; j++) {
                gradient[j] += s * x[offset + j];
            }
            gradient[d] += s;
        }
        return loss * scale;
    }

    @Override
    public final double meanLoss(double[] params, DataBlock data, int[] order, int from, int to) {
        int d = features;
        double[] x = data.x();
        double[] y = data.y();
        double loss = 0.0;
        for (int i = from; i < to; i++) {
            int row = order == null ? i : order[i];
            loss += rowLoss(output(params, x, row * d, d), y[row]);
        }
        return loss / (to - from);
    }
}
