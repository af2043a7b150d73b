package dev.lrsweep.core.optim;

import dev.lrsweep.core.model.DenseKernel;

/**
 * The element loops of the most used rules, {@link Sgd} and {@link Adam}, over trials {@code from … to − 1} of
 * a block in block layout (element i of trial t at {@code [i·width + t]}). The vectorised implementation, used
 * when the JVM has the vector module, runs lanes across trials and repeats the scalar one's operations lane by
 * lane, so both give the same bits.
 */
interface ColumnRules {

    ColumnRules INSTANCE = DenseKernel.Selection.vectorisedOr(ColumnRules.class,
            "dev.lrsweep.core.optim.VectorColumnRules", new Scalar());

    /** {@link Sgd}'s element loop; {@code b} is the momentum buffer, or null without momentum. */
    void sgd(Sgd rule, double[] params, double[] g, int width, int from, int to, double[] lr, double[] b,
             boolean first);

    /**
     * {@link Adam}'s element loop, with the per-trial {@code stepSize} (already negated) and {@code shrink}
     * (AdamW) and the shared square root of the second bias correction.
     */
    void adam(Adam rule, double[] params, double[] g, int width, int from, int to, double[] stepSize,
              double[] shrink, double biasCorrection2Sqrt, double[] m, double[] v, double[] vMax);

    /** The reference, one element after another. */
    final class Scalar implements ColumnRules {

        @Override
        public void sgd(Sgd rule, double[] params, double[] g, int width, int from, int to, double[] lr,
                        double[] b, boolean first) {
            double momentum = rule.momentum();
            double weightDecay = rule.weightDecay();
            boolean nesterov = rule.nesterov();
            double keep = 1 - rule.dampening();
            int n = params.length / width;
            for (int i = 0; i < n; i++) {
                int row = i * width;
                for (int t = from; t < to; t++) {
                    int at = row + t;
                    double d = g[at];
                    if (weightDecay != 0) {
                        d = d + weightDecay * params[at];
                    }
                    if (momentum != 0) {
                        b[at] = first ? d : b[at] * momentum + keep * d;
                        d = nesterov ? d + momentum * b[at] : b[at];
                    }
                    params[at] = params[at] + -lr[t] * d;
                }
            }
        }

        @Override
        public void adam(Adam rule, double[] params, double[] g, int width, int from, int to, double[] stepSize,
                         double[] shrink, double biasCorrection2Sqrt, double[] m, double[] v, double[] vMax) {
            double beta1 = rule.beta1();
            double beta2 = rule.beta2();
            double eps = rule.eps();
            double weightDecay = rule.weightDecay();
            boolean decoupled = rule.decoupled();
            boolean amsgrad = rule.amsgrad();
            int n = params.length / width;
            for (int i = 0; i < n; i++) {
                int row = i * width;
                for (int t = from; t < to; t++) {
                    int at = row + t;
                    double gi = g[at];
                    if (decoupled) {
                        params[at] = params[at] * shrink[t];
                    } else if (weightDecay != 0) {
                        gi = gi + weightDecay * params[at];
                    }
                    m[at] = m[at] * beta1 + (1 - beta1) * gi;
                    v[at] = v[at] * beta2 + (1 - beta2) * (gi * gi);
                    double second = v[at];
                    if (amsgrad) {
                        vMax[at] = Math.max(vMax[at], v[at]);
                        second = vMax[at];
                    }
                    double denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
                    params[at] = params[at] + stepSize[t] * (m[at] / denom);
                }
            }
        }
    }
}
