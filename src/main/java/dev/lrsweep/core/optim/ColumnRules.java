package dev.lrsweep.core.optim;

import dev.lrsweep.core.model.DenseKernel;

/**
 * The element loops of the rules ({@link Sgd}, {@link Adam}, {@link NAdam}, {@link RmsProp}, {@link Adagrad}),
 * over trials {@code from … to − 1} of a block in block layout (element i of trial t at {@code [i·width + t]}).
 * The vectorised implementation, used when the JVM has the vector module, runs lanes across trials and repeats
 * the scalar one's operations lane by lane, so both give the same bits.
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

    /**
     * {@link NAdam}'s element loop, with the per-trial coefficients of the gradient and of the momentum (both
     * already negated and scaled by the rate) and the shared second bias correction.
     */
    void nadam(NAdam rule, double[] params, double[] g, int width, int from, int to, double[] gradCoefficient,
               double[] momentumCoefficient, double biasCorrection2, double[] m, double[] v);

    /** {@link RmsProp}'s element loop: square average v, momentum buffer b, gradient average a (centred). */
    void rmsprop(RmsProp rule, double[] params, double[] g, int width, int from, int to, double[] lr, double[] v,
                 double[] b, double[] a);

    /** {@link Adagrad}'s element loop, with the per-trial decayed rate (already negated) and the sums of squares. */
    void adagrad(Adagrad rule, double[] params, double[] g, int width, int from, int to, double[] rate,
                 double[] sum);

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

        @Override
        public void nadam(NAdam rule, double[] params, double[] g, int width, int from, int to,
                          double[] gradCoefficient, double[] momentumCoefficient, double biasCorrection2, double[] m,
                          double[] v) {
            double beta2 = rule.beta2();
            double eps = rule.eps();
            double weightDecay = rule.weightDecay();
            double weight = 1 - rule.beta1();
            int n = params.length / width;
            for (int i = 0; i < n; i++) {
                int row = i * width;
                for (int t = from; t < to; t++) {
                    int at = row + t;
                    double gi = weightDecay != 0 ? g[at] + weightDecay * params[at] : g[at];
                    m[at] = weight < 0.5 ? m[at] + weight * (gi - m[at]) : gi - (gi - m[at]) * (1 - weight);
                    v[at] = v[at] * beta2 + (1 - beta2) * (gi * gi);
                    double denom = Math.sqrt(v[at] / biasCorrection2) + eps;
                    params[at] = params[at] + gradCoefficient[t] * (gi / denom);
                    params[at] = params[at] + momentumCoefficient[t] * (m[at] / denom);
                }
            }
        }

        @Override
        public void rmsprop(RmsProp rule, double[] params, double[] g, int width, int from, int to, double[] lr,
                            double[] v, double[] b, double[] a) {
            double alpha = rule.alpha();
            double eps = rule.eps();
            double weightDecay = rule.weightDecay();
            double momentum = rule.momentum();
            boolean centered = rule.centered();
            int n = params.length / width;
            for (int i = 0; i < n; i++) {
                int row = i * width;
                for (int t = from; t < to; t++) {
                    int at = row + t;
                    double gi = weightDecay != 0 ? g[at] + weightDecay * params[at] : g[at];
                    v[at] = v[at] * alpha + (1 - alpha) * (gi * gi);
                    double r;
                    if (centered) {
                        a[at] = a[at] * alpha + (1 - alpha) * gi;
                        r = Math.sqrt(v[at] + -1.0 * (a[at] * a[at])) + eps;
                    } else {
                        r = Math.sqrt(v[at]) + eps;
                    }
                    if (momentum > 0) {
                        b[at] = b[at] * momentum + gi / r;
                        params[at] = params[at] + -lr[t] * b[at];
                    } else {
                        params[at] = params[at] + -lr[t] * (gi / r);
                    }
                }
            }
        }

        @Override
        public void adagrad(Adagrad rule, double[] params, double[] g, int width, int from, int to, double[] rate,
                            double[] sum) {
            double eps = rule.eps();
            double weightDecay = rule.weightDecay();
            int n = params.length / width;
            for (int i = 0; i < n; i++) {
                int row = i * width;
                for (int t = from; t < to; t++) {
                    int at = row + t;
                    double gi = weightDecay != 0 ? g[at] + weightDecay * params[at] : g[at];
                    sum[at] = sum[at] + gi * gi;
                    double std = Math.sqrt(sum[at]) + eps;
                    params[at] = params[at] + rate[t] * (gi / std);
                }
            }
        }
    }
}
