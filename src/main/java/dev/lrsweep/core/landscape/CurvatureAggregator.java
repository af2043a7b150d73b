package dev.lrsweep.core.landscape;

import dev.lrsweep.core.data.DataBlock;
import java.io.Serializable;

/**
 * One pass of curvature products over rows, as an aggregate that adds rows and merges partial results (in the
 * style of Spark MLlib's {@code DifferentiableLossAggregator}): for each probe vector v of each {@link View}, the
 * sum over rows of the row's Hessian–vector product, and, for the first view, the per-example gradients' sum and
 * squared norms. {@link #mean} divides by the rows added.
 *
 * <p>With x̃ = (x, 1) a row's features (transformed by the view) and the bias input, z = Wx̃ the model's outputs
 * at the view's parameters and u = Vx̃ the probe's, a row adds (M u) ⊗ x̃ to the product, where M is the loss's
 * curvature in the outputs: 2 for the mean squared error (no ½, as {@code nn.MSELoss}), p(1 − p) for the
 * logistic loss with p = σ(z), and diag(p) − ppᵀ for the softmax cross-entropy with p = softmax(z) (its
 * Gauss–Newton matrix, which for a linear model is its Hessian). The per-example gradient is s ⊗ x̃ with s the
 * loss's slope in the outputs: 2(z − y), p − y, p − e_y.
 *
 * <p>Parameters are laid out as the models lay them out: weight (c, j) at {@code c·d + j}, then the C biases
 * (one output: {@code [w₀ … w_{d−1}, b]}).
 */
public final class CurvatureAggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final int features;
    private final int outputs;
    private final View[] views;
    private final boolean gradients;
    private final double[][][] products;
    private final double[] gradientSum;
    private double squaredNorms;
    private long rows;
    // per-row scratch
    private transient double[] x;
    private transient double[] z;
    private transient double[] p;
    private transient double[] u;
    private transient double[] r;

    /**
     * A rows' view of the problem: how its features are transformed, the parameters the curvature is taken at, and
     * the probe vectors to multiply.
     *
     * @param mean   subtracted from each feature before dividing by std, or null for the rows as they are
     * @param std    each feature's divisor, with mean
     * @param params the model's parameters (the initial weights)
     * @param probes the vectors to multiply by the Hessian, each of the parameters' length
     */
    public record View(double[] mean, double[] std, double[] params, double[][] probes) implements Serializable {
    }

    /**
     * @param model     {@code linear}, {@code logistic} or {@code softmax}
     * @param outputs   1, or the softmax's classes
     * @param gradients whether to sum the first view's per-example gradients and their squared norms
     */
    public CurvatureAggregator(String model, int features, int outputs, View[] views, boolean gradients) {
        this.model = model;
        this.features = features;
        this.outputs = outputs;
        this.views = views;
        this.gradients = gradients;
        int parameters = outputs * (features + 1);
        this.products = new double[views.length][][];
        for (int v = 0; v < views.length; v++) {
            if (views[v].params().length != parameters) {
                throw new IllegalArgumentException("expected " + parameters + " parameters, got "
                        + views[v].params().length);
            }
            products[v] = new double[views[v].probes().length][parameters];
        }
        this.gradientSum = gradients ? new double[parameters] : null;
        if (!model.equals("linear") && !model.equals("logistic") && !model.equals("softmax")) {
            throw new IllegalArgumentException("no curvature for model " + model);
        }
    }

    /** Adds rows {@code from … to − 1} of a block. */
    public CurvatureAggregator add(DataBlock block, int from, int to) {
        for (int i = from; i < to; i++) {
            add(block, i);
        }
        return this;
    }

    /** Adds one row of a block. */
    public CurvatureAggregator add(DataBlock block, int row) {
        if (x == null) {
            x = new double[features + 1];
            z = new double[outputs];
            p = new double[outputs];
            u = new double[outputs];
            r = new double[outputs];
        }
        double label = block.label(row);
        for (int v = 0; v < views.length; v++) {
            View view = views[v];
            for (int j = 0; j < features; j++) {
                double value = block.feature(row, j);
                x[j] = view.mean() == null ? value : (value - view.mean()[j]) / view.std()[j];
            }
            x[features] = 1.0;
            outputs(view.params(), z);
            curvatureWeights();
            for (int k = 0; k < view.probes().length; k++) {
                outputs(view.probes()[k], u);
                multiplyByCurvature();
                accumulate(products[v][k], r);
            }
            if (v == 0 && gradients) {
                slopes(label);
                accumulate(gradientSum, r);
                double slopes = 0;
                double inputs = 0;
                for (int c = 0; c < outputs; c++) {
                    slopes += r[c] * r[c];
                }
                for (int j = 0; j <= features; j++) {
                    inputs += x[j] * x[j];
                }
                squaredNorms += slopes * inputs;
            }
        }
        rows++;
        return this;
    }

    /** Adds another partial aggregate over other rows (with the same views) to this one. */
    public CurvatureAggregator merge(CurvatureAggregator other) {
        for (int v = 0; v < products.length; v++) {
            for (int k = 0; k < products[v].length; k++) {
                add(products[v][k], other.products[v][k]);
            }
        }
        if (gradients) {
            add(gradientSum, other.gradientSum);
            squaredNorms += other.squaredNorms;
        }
        rows += other.rows;
        return this;
    }

    /** The rows added. */
    public long rows() {
        return rows;
    }

    /** The mean over rows of view v's product with probe k: the mean loss's Hessian times the probe. */
    public double[] mean(int view, int probe) {
        return scaled(products[view][probe], 1.0 / rows);
    }

    /** The mean per-example gradient of the first view: the mean loss's gradient. */
    public double[] meanGradient() {
        return scaled(gradientSum, 1.0 / rows);
    }

    /** The mean squared norm of the first view's per-example gradients. */
    public double meanSquaredNorm() {
        return squaredNorms / rows;
    }

    /** The outputs of a parameter vector on the row in x: out_c = w_c · x̃. */
    private void outputs(double[] w, double[] out) {
        int d = features;
        for (int c = 0; c < outputs; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += w[c * d + j] * x[j];
            }
            out[c] = s + w[outputs * d + c];
        }
    }

    /** p from z: the probabilities the curvature and slopes need. */
    private void curvatureWeights() {
        switch (model) {
            case "logistic" -> p[0] = 1.0 / (1.0 + Math.exp(-z[0]));
            case "softmax" -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < outputs; c++) {
                    max = Math.max(max, z[c]);
                }
                double sum = 0;
                for (int c = 0; c < outputs; c++) {
                    p[c] = Math.exp(z[c] - max);
                    sum += p[c];
                }
                for (int c = 0; c < outputs; c++) {
                    p[c] /= sum;
                }
            }
            default -> { }
        }
    }

    /** r = M u, M the loss's curvature in the outputs. */
    private void multiplyByCurvature() {
        switch (model) {
            case "linear" -> r[0] = 2.0 * u[0];
            case "logistic" -> r[0] = p[0] * (1.0 - p[0]) * u[0];
            default -> {
                double pu = 0;
                for (int c = 0; c < outputs; c++) {
                    pu += p[c] * u[c];
                }
                for (int c = 0; c < outputs; c++) {
                    r[c] = p[c] * (u[c] - pu);
                }
            }
        }
    }

    /** r = the loss's slope in the outputs, for the row's label. */
    private void slopes(double label) {
        switch (model) {
            case "linear" -> r[0] = 2.0 * (z[0] - label);
            case "logistic" -> r[0] = p[0] - label;
            default -> {
                for (int c = 0; c < outputs; c++) {
                    r[c] = c == (int) label ? p[c] - 1.0 : p[c];
                }
            }
        }
    }

    /** target += s ⊗ x̃ in the parameter layout. */
    private void accumulate(double[] target, double[] s) {
        int d = features;
        for (int c = 0; c < outputs; c++) {
            double sc = s[c];
            if (sc == 0) {
                continue;
            }
            int at = c * d;
            for (int j = 0; j < d; j++) {
                target[at + j] += sc * x[j];
            }
            target[outputs * d + c] += sc;
        }
    }

    private static void add(double[] target, double[] more) {
        for (int i = 0; i < target.length; i++) {
            target[i] += more[i];
        }
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }
}
