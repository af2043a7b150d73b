package dev.lrsweep.core.model;

/**
 * The cross-entropy loss of one row, {@code logsumexp(z) − z_y} with the maximum subtracted first, and its slopes
 * {@code (softmax(z) − onehot(y))·scale}, for C outputs that lie {@code stride} apart from {@code off}: next to
 * each other in softmax regression, a block's width apart in a perceptron's block. Both models call these
 * functions, so their losses are the same operations.
 */
final class CrossEntropyRows {
    private CrossEntropyRows() {
    }

    /** log Σ exp(z), with the maximum subtracted first. */
    static double logSumExp(double[] z, int off, int stride, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[off + c * stride]);
        }
        if (max == Double.POSITIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double sum = 0.0;
        for (int c = 0; c < classes; c++) {
            sum += Elementary.exp(z[off + c * stride] - max);
        }
        return max + Elementary.log(sum);
    }

    /** The row's loss; its slopes × scale are written to {@code s} at the outputs' places. */
    static double lossAndSlopes(double[] z, int off, int stride, int classes, double y, double scale, double[] s) {
        int label = (int) y;
        double lse = logSumExp(z, off, stride, classes);
        for (int c = 0; c < classes; c++) {
            int at = off + c * stride;
            double p = Elementary.exp(z[at] - lse);
            s[at] = (c == label ? p - 1.0 : p) * scale;
        }
        return lse - z[off + label * stride];
    }

    /** The row's loss. */
    static double loss(double[] z, int off, int stride, int classes, double y) {
        return logSumExp(z, off, stride, classes) - z[off + (int) y * stride];
    }
}
