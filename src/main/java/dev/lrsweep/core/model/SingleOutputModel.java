package dev.lrsweep.core.model;

/**
 * A model with one output per row, {@code z = w·x + b}, and a per-row loss of z and the label. The parameter
 * layout is {@code [w_0 … w_{d−1}, b]}, as PyTorch's {@code nn.Linear(d, 1)} weight followed by its bias.
 */
abstract class SingleOutputModel extends DenseModel {
    private static final long serialVersionUID = 1L;

    SingleOutputModel(int features) {
        super(features, 1);
    }

    /** The loss of one row with output z and label y. */
    abstract double rowLoss(double z, double y);

    /** The derivative of the row loss with respect to z. */
    abstract double rowLossSlope(double z, double y);

    @Override
    final int weightIndex(int c, int j) {
        return j;
    }

    @Override
    final int biasIndex(int c) {
        return features;
    }

    @Override
    double rowLossAndSlopes(double[] z, int off, double y, double scale, double[] s) {
        s[off] = rowLossSlope(z[off], y) * scale;
        return rowLoss(z[off], y);
    }

    @Override
    final double rowLoss(double[] z, int off, double y) {
        return rowLoss(z[off], y);
    }
}
