package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;

/**
 * Binary logistic regression with PyTorch's {@code nn.BCEWithLogitsLoss()} in its numerically stable form:
 * {@code max(z, 0) − z·y + log(1 + exp(−|z|))}, labels 0 or 1. The slope of one row is {@code σ(z) − y}.
 */
public final class LogisticRegression extends SingleOutputModel {
    private static final long serialVersionUID = 1L;

    public LogisticRegression(int features) {
        super(features);
    }

    @Override
    public String type() {
        return "logistic";
    }

    @Override
    double rowLoss(double z, double y) {
        double x = -Math.abs(z);
        return LogisticRows.loss(z, y, x, Elementary.expNegative(x));
    }

    @Override
    double rowLossSlope(double z, double y) {
        return sigmoid(z) - y;
    }

    /** The loss and slope of one row from a single exp(−|z|): the same values as the two methods above. */
    @Override
    double rowLossAndSlopes(double[] zs, int off, double y, double scale, double[] s) {
        return LogisticRows.one(zs[off], y, scale, s, off);
    }

    @Override
    void rowForTrials(double[] z, int off, int trials, double y, double scale, double[] s, double[] losses) {
        LogisticRows.INSTANCE.apply(z, off, trials, y, scale, s, losses);
    }

    static double sigmoid(double z) {
        return LogisticRows.sigmoid(z, Elementary.expNegative(-Math.abs(z)));
    }

    @Override
    public String checkLabels(DataBlock data) {
        double[] y = data.y();
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0.0 && y[i] != 1.0) {
                return "row " + i + " has label " + y[i] + ", expected 0 or 1";
            }
        }
        return null;
    }
}
