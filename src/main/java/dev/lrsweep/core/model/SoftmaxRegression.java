package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;

/**
 * Multinomial logistic regression with PyTorch's {@code nn.CrossEntropyLoss()}: the mean over rows of
 * {@code logsumexp(z) − z_y}, computed with the maximum subtracted first. Labels are 0 … C−1.
 *
 * <p>The parameter layout is PyTorch's {@code nn.Linear(d, C)}: the weight matrix row-major
 * ({@code W[c][j]} at {@code c·d + j}), then the C biases.
 */
public final class SoftmaxRegression extends DenseModel {
    private static final long serialVersionUID = 1L;

    public SoftmaxRegression(int features, int classes) {
        super(features, checkClasses(classes));
    }

    private static int checkClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
        }
        return classes;
    }

    public int classes() {
        return outputs;
    }

    @Override
    public String type() {
        return "softmax";
    }

    @Override
    int weightIndex(int c, int j) {
        return c * features + j;
    }

    @Override
    int biasIndex(int c) {
        return outputs * features + c;
    }

    @Override
    double rowLossAndSlopes(double[] z, int off, double y, double scale, double[] s) {
        return CrossEntropyRows.lossAndSlopes(z, off, 1, outputs, y, scale, s);
    }

    @Override
    double rowLoss(double[] z, int off, double y) {
        return CrossEntropyRows.loss(z, off, 1, outputs, y);
    }

    @Override
    public String checkLabels(DataBlock data) {
        double[] y = data.y();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < outputs && y[i] == Math.rint(y[i]))) {
                return "row " + i + " has label " + y[i] + ", expected a whole number from 0 to " + (outputs - 1);
            }
        }
        return null;
    }
}
