package dev.lrsweep.core.model;

/**
 * The logistic loss and slope of one row for many trials at once: for each trial t, the loss
 * {@code max(z, 0) − z·y + log(1 + e^−|z|)} is added to {@code losses[t]} and the slope {@code (σ(z) − y)·scale}
 * written to {@code s}. The vectorised implementation, used when the JVM has the vector module, repeats the
 * scalar one's operations lane by lane, so both give the same bits.
 */
interface LogisticRows {

    LogisticRows INSTANCE = DenseKernel.Selection.vectorisedOr(LogisticRows.class,
            "dev.lrsweep.core.model.VectorLogisticRows", LogisticRows::scalar);

    /** For t &lt; count: losses[t] += loss(z[off + t]); s[off + t] = slope · scale. */
    void apply(double[] z, int off, int count, double y, double scale, double[] s, double[] losses);

    /** The reference: one trial at a time. */
    static void scalar(double[] z, int off, int count, double y, double scale, double[] s, double[] losses) {
        for (int t = 0; t < count; t++) {
            losses[t] += one(z[off + t], y, scale, s, off + t);
        }
    }

    /** The loss of one row with output z, its slope × scale written to s[at]. */
    static double one(double z, double y, double scale, double[] s, int at) {
        double x = -Math.abs(z);
        double e = Elementary.expNegative(x);
        s[at] = (sigmoid(z, e) - y) * scale;
        return loss(z, y, x, e);
    }

    /** σ(z) from e = e^−|z|: 1/(1 + e) where z ≥ 0, else e/(1 + e), one division either way. */
    static double sigmoid(double z, double e) {
        return (z >= 0 ? 1.0 : e) / (1.0 + e);
    }

    /** The loss max(z, 0) − z·y + log(1 + e) with x = −|z| and e = e^x. */
    static double loss(double z, double y, double x, double e) {
        return Math.max(z, 0.0) - z * y + Elementary.log1pUnit(e, x > -Elementary.LOG1P_SPLIT ? 1.0 : 0.0);
    }
}
