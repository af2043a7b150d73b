package dev.lrsweep.synthetic;

import dev.lrsweep.core.data.SplitMix64;
import java.io.Serializable;
import java.util.Locale;

/**
 * A synthetic problem whose features have a chosen condition number.
 *
 * <p>Features: {@code x = Q·diag(√λ)·z} with {@code z ~ N(0, I)}, so the covariance {@code Q·diag(λ)·Qᵀ} has the
 * eigenvalues {@code λ_j = K^(−j/(D−1))}, log-spaced from 1 down to 1/K. {@code Q} is a seeded random orthogonal
 * matrix (Gram–Schmidt on a Gaussian matrix), or the identity when the problem is axis-aligned.
 *
 * <p>True weights are seeded Gaussian directions scaled so that the signal {@code x·w} has variance 1; biases are
 * small and seeded. Labels:
 * <ul>
 *   <li>linear: {@code y = x·w + b + noise·N(0, 1)};</li>
 *   <li>logistic: {@code y = 1[3·x·w + b + noise·L > 0]} with L standard logistic, so noise 1 draws
 *       {@code y ~ Bernoulli(σ(3·x·w + b))}: a logit standard deviation of 3 and a bias within a few tenths
 *       keep both classes common;</li>
 *   <li>softmax: {@code y = argmax_c(3·x·w_c + b_c + noise·G_c)} with G standard Gumbel, so noise 1 draws y from
 *       the softmax of the logits.</li>
 * </ul>
 *
 * <p>Every row is a function of (seed, row id) alone, so the data set does not depend on how it is partitioned.
 * The matrices are rebuilt from the seed after deserialisation rather than shipped.
 */
public final class SyntheticData implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of problem. */
    public enum Kind {
        LINEAR, LOGISTIC, SOFTMAX;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A dense rotation costs D² per row and D³ to build; beyond this width it is refused. */
    public static final int MAX_ROTATED_FEATURES = 1024;
    /** The scale of the logits of the classification problems. */
    public static final double LOGIT_SCALE = 3.0;

    private final Kind kind;
    private final int features;
    private final int classes;
    private final double condition;
    private final double noise;
    private final long seed;
    private final boolean rotate;

    private transient double[][] rotation;
    private transient double[] scales;
    private transient double[][] weights;
    private transient double[] biases;

    /**
     * @param classes softmax only (at least 2); ignored otherwise
     * @throws IllegalArgumentException naming the command-line option that is out of range
     */
    public SyntheticData(Kind kind, int features, int classes, double condition, double noise, long seed,
                         boolean rotate) {
        if (features < 1) {
            throw new IllegalArgumentException("--features must be at least 1, got " + features);
        }
        if (kind == Kind.SOFTMAX && classes < 2) {
            throw new IllegalArgumentException("--classes must be at least 2, got " + classes);
        }
        if (!(condition >= 1) || Double.isInfinite(condition)) {
            throw new IllegalArgumentException("--condition must be a number of at least 1, got " + condition);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("--noise must not be negative, got " + noise);
        }
        if (rotate && features > MAX_ROTATED_FEATURES) {
            throw new IllegalArgumentException("--features " + features + " is too wide for a dense rotation (at most "
                    + MAX_ROTATED_FEATURES + "); add --no-rotate for axis-aligned conditioning");
        }
        this.kind = kind;
        this.features = features;
        this.classes = kind == Kind.SOFTMAX ? classes : 0;
        this.condition = condition;
        this.noise = noise;
        this.seed = seed;
        this.rotate = rotate;
    }

    /** The noise a kind uses when none is given: 0.1 for linear, 1 (the exact Bernoulli or categorical draw) otherwise. */
    public static double defaultNoise(Kind kind) {
        return kind == Kind.LINEAR ? 0.1 : 1.0;
    }

    public Kind kind() {
        return kind;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public double condition() {
        return condition;
    }

    public double noise() {
        return noise;
    }

    /** The covariance eigenvalues, from 1 down to 1/K. */
    public double[] eigenvalues() {
        double[] lambda = new double[features];
        for (int j = 0; j < features; j++) {
            lambda[j] = features == 1 ? 1.0 : StrictMath.pow(condition, -(double) j / (features - 1));
        }
        return lambda;
    }

    /** The feature covariance {@code Q·diag(λ)·Qᵀ}. */
    public double[][] covariance() {
        build();
        double[] lambda = eigenvalues();
        double[][] c = new double[features][features];
        for (int i = 0; i < features; i++) {
            for (int k = 0; k < features; k++) {
                double s = 0;
                for (int j = 0; j < features; j++) {
                    s += q(i, j) * lambda[j] * q(k, j);
                }
                c[i][k] = s;
            }
        }
        return c;
    }

    /** The true weights, one row per output (one for linear and logistic, C for softmax), before the logit scale. */
    public double[][] weights() {
        build();
        double[][] copy = new double[weights.length][];
        for (int c = 0; c < weights.length; c++) {
            copy[c] = weights[c].clone();
        }
        return copy;
    }

    public double[] biases() {
        build();
        return biases.clone();
    }

    /**
     * Fills {@code x} (length D) with the features of row {@code row} and returns its label: a real number for
     * linear, 0 or 1 for logistic, 0 … C−1 for softmax.
     */
    public double row(long row, double[] x) {
        build();
        SplitMix64 random = new SplitMix64(SplitMix64.derive(seed, row));
        double[] z = new double[features];
        for (int j = 0; j < features; j++) {
            z[j] = scales[j] * random.nextGaussian();
        }
        if (rotation == null) {
            System.arraycopy(z, 0, x, 0, features);
        } else {
            for (int i = 0; i < features; i++) {
                double[] qi = rotation[i];
                double s = 0;
                for (int j = 0; j < features; j++) {
                    s += qi[j] * z[j];
                }
                x[i] = s;
            }
        }
        switch (kind) {
            case LINEAR:
                return dot(weights[0], x) + biases[0] + noise * random.nextGaussian();
            case LOGISTIC: {
                double u = open(random.nextDouble());
                double logit = LOGIT_SCALE * dot(weights[0], x) + biases[0];
                return logit + noise * StrictMath.log(u / (1 - u)) > 0 ? 1.0 : 0.0;
            }
            default: {
                int best = 0;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double gumbel = -StrictMath.log(-StrictMath.log(open(random.nextDouble())));
                    double v = LOGIT_SCALE * dot(weights[c], x) + biases[c] + noise * gumbel;
                    if (v > bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                return best;
            }
        }
    }

    /** A uniform draw moved off 0, so logs stay finite. */
    private static double open(double u) {
        return u == 0 ? 0x1.0p-54 : u;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private double q(int i, int j) {
        return rotation == null ? (i == j ? 1 : 0) : rotation[i][j];
    }

    private synchronized void build() {
        if (scales != null) {
            return;
        }
        SplitMix64 random = new SplitMix64(SplitMix64.derive(seed, -1));
        double[] lambda = eigenvalues();
        double[] s = new double[features];
        for (int j = 0; j < features; j++) {
            s[j] = Math.sqrt(lambda[j]);
        }
        double[][] q = rotate && features > 1 ? orthogonal(features, random) : null;
        int outputs = kind == Kind.SOFTMAX ? classes : 1;
        double[][] w = new double[outputs][];
        double[] b = new double[outputs];
        for (int c = 0; c < outputs; c++) {
            // A direction in the eigenbasis, scaled so that Var(x·w) = Σ λ_j u_j² = 1, then rotated with Q.
            double[] u = new double[features];
            double variance = 0;
            for (int j = 0; j < features; j++) {
                u[j] = random.nextGaussian();
                variance += lambda[j] * u[j] * u[j];
            }
            double norm = Math.sqrt(variance);
            w[c] = new double[features];
            for (int i = 0; i < features; i++) {
                double v = 0;
                if (q == null) {
                    v = u[i];
                } else {
                    for (int j = 0; j < features; j++) {
                        v += q[i][j] * u[j];
                    }
                }
                w[c][i] = v / norm;
            }
            b[c] = (kind == Kind.LINEAR ? 0.5 : 0.25) * random.nextGaussian();
        }
        rotation = q;
        weights = w;
        biases = b;
        scales = s;
    }

    /** A random orthogonal matrix: modified Gram–Schmidt on the columns of a Gaussian matrix (Haar-distributed). */
    static double[][] orthogonal(int n, SplitMix64 random) {
        double[][] col = new double[n][n]; // col[j] is column j
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                col[j][i] = random.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) {
            double[] v = col[j];
            for (int k = 0; k < j; k++) {
                double[] e = col[k];
                double p = dot(e, v);
                for (int i = 0; i < n; i++) {
                    v[i] -= p * e[i];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
            }
        }
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = col[j][i];
            }
        }
        return q;
    }

    /** The problem in one line, e.g. {@code logistic, condition 100, rotated, noise 1, seed 0}. */
    public String describe() {
        return kind.label() + (kind == Kind.SOFTMAX ? " with " + classes + " classes" : "")
                + ", condition " + dev.lrsweep.core.spec.Format.number(condition)
                + (rotate ? ", rotated" : ", axis-aligned") + ", noise " + dev.lrsweep.core.spec.Format.number(noise)
                + ", seed " + seed;
    }
}
