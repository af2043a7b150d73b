package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-layer perceptron: layers of PyTorch's {@code nn.Linear} with an {@link Activation} after each hidden
 * layer, and an output layer whose loss is that of the linear, logistic or softmax model ({@code nn.MSELoss},
 * {@code nn.BCEWithLogitsLoss}, {@code nn.CrossEntropyLoss}): d → n₁ → … → n_L → o, with o = 1 output (linear,
 * logistic) or C (softmax).
 *
 * <p><b>Parameter layout.</b> Layer by layer, from the input: the layer's weights as its {@code nn.Linear}'s
 * {@code weight.T}, row-major (the weight from input j to output h at {@code off + j·out + h}), then its
 * {@code out} biases. A block of T trials keeps parameter i of trial t at {@code [i·T + t]}, so the first
 * layer's weights of all trials lie side by side as one d × (n₁·T) matrix, column h·T + t, with their biases
 * after them: the block's first layer is one product of the batch with that matrix ({@link DenseKernel}, read and
 * written in place, a panel of columns at a time: {@link Panels}). The later layers are products of each trial's own weights, with lanes across trials
 * ({@link LaneKernel}). Activations, slopes and outputs are kept in block layout too (element e of trial t at
 * {@code [e·T + t]}). Every element of every product and activation is computed the same way whatever the block,
 * so a trial's numbers are bit-identical alone and in any block.
 */
public final class MultiLayerPerceptron implements Model {
    private static final long serialVersionUID = 1L;
    /** Rows per pass when evaluating the mean loss over many rows. */
    private static final int CHUNK = 256;
    /** The workspace's arrays ({@link Workspace#slot}): two of slopes, three for panels, then the layers'. */
    private static final int SLOPES = 0;
    private static final int OTHER_SLOPES = 1;
    private static final int PANEL_A = 2;
    private static final int PANEL_B = 3;
    private static final int PANEL_C = 4;

    /** The widths n₀ = d, n₁ … n_L, o. */
    private final int[] widths;
    /** Where layer l's weights start in a trial's parameters (l = 1 … L + 1; index 0 unused). */
    private final int[] offsets;
    private final int parameterCount;
    private final Activation activation;
    private final String output;
    /** The regression model of the same loss: it reads the labels the same way. */
    private final Model labels;

    /**
     * @param hidden  the hidden layers' widths, at least one
     * @param output  {@code linear}, {@code logistic} or {@code softmax}
     * @param classes softmax only: the number of classes
     */
    public MultiLayerPerceptron(int features, List<Integer> hidden, Activation activation, String output,
                                int classes) {
        if (features < 1) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("a perceptron needs hidden layers of at least one unit, got " + hidden);
        }
        this.labels = switch (output) {
            case "linear" -> new LinearRegression(1);
            case "logistic" -> new LogisticRegression(1);
            case "softmax" -> new SoftmaxRegression(1, classes);
            default -> throw new IllegalArgumentException("no output " + output + "; linear, logistic or softmax");
        };
        int layers = hidden.size() + 1;
        this.widths = new int[layers + 1];
        widths[0] = features;
        for (int l = 1; l < layers; l++) {
            widths[l] = hidden.get(l - 1);
        }
        widths[layers] = output.equals("softmax") ? classes : 1;
        this.offsets = new int[layers + 1];
        long at = 0;
        for (int l = 1; l <= layers; l++) {
            offsets[l] = (int) at;
            at += (long) (widths[l - 1] + 1) * widths[l];
        }
        if (at > Integer.MAX_VALUE / 64) {
            throw new IllegalArgumentException("a perceptron of " + at + " parameters is too large");
        }
        this.parameterCount = (int) at;
        this.activation = activation;
        this.output = output;
    }

    @Override
    public String type() {
        return "mlp";
    }

    @Override
    public int features() {
        return widths[0];
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    /** The number of layers with weights: the hidden layers and the output layer. */
    public int layers() {
        return widths.length - 1;
    }

    /** The width of layer l: the features for l = 0, then the hidden layers, then the outputs. */
    public int width(int l) {
        return widths[l];
    }

    /** Where layer l's weights start in a trial's parameters; its biases follow at + width(l − 1)·width(l). */
    public int offset(int l) {
        return offsets[l];
    }

    public Activation activation() {
        return activation;
    }

    /** {@code linear}, {@code logistic} or {@code softmax}: the loss of the output layer. */
    public String output() {
        return output;
    }

    /**
     * PyTorch's default initialisation of {@code nn.Linear} in distribution, drawn from {@link SplitMix64}: every
     * weight and bias of a layer with n inputs uniform in [−1/√n, 1/√n) (Kaiming-uniform with a = √5 for the
     * weights), the weights then multiplied by {@code scale}. The draws follow the parameter layout:
     * {@code (1/√n)·(2u − 1)} with u = {@link SplitMix64#nextDouble()}, times scale for a weight.
     */
    public double[] initialParameters(long seed, double scale) {
        double[] params = new double[parameterCount];
        SplitMix64 random = new SplitMix64(seed);
        for (int l = 1; l < widths.length; l++) {
            double bound = 1.0 / Math.sqrt(widths[l - 1]);
            int weights = widths[l - 1] * widths[l];
            for (int i = 0; i < weights + widths[l]; i++) {
                double u = bound * (2.0 * random.nextDouble() - 1.0);
                params[offsets[l] + i] = i < weights ? u * scale : u;
            }
        }
        return params;
    }

    @Override
    public void lossAndGradients(Workspace ws, double[] params, int trials, DataBlock data, int[] order, int from,
                                 int to, double[] gradients, double[] losses) {
        int rows = to - from;
        int d = widths[0];
        int top = layers();
        ws.ensure(rows, d, 0);
        DenseModel.gather(ws, data, order, from, rows, d);
        forward(ws, params, trials, rows);
        int outs = widths[top] * trials;
        double[] z = pre(ws, top, rows * outs);
        double[] s = ws.slot(SLOPES, rows * maxWidth() * trials);
        double scale = 1.0 / rows;
        Arrays.fill(losses, 0, trials, 0.0);
        for (int i = 0; i < rows; i++) {
            rowLossesAndSlopes(z, i * outs, trials, ws.y[i], scale, s, losses);
        }
        for (int t = 0; t < trials; t++) {
            losses[t] = losses[t] * scale;
        }
        double[] other = ws.slot(OTHER_SLOPES, rows * maxWidth() * trials);
        for (int l = top; l >= 2; l--) {
            int n = widths[l - 1];
            int m = widths[l];
            int w = offsets[l] * trials;
            LaneKernel.INSTANCE.backwardWeights(out(ws, l - 1, 0), rows, n, m, trials, s, gradients, w,
                    w + n * m * trials);
            LaneKernel.INSTANCE.backwardInputs(s, rows, n, m, trials, params, w, other);
            activation.backward(other, pre(ws, l - 1, 0), out(ws, l - 1, 0), rows * n * trials);
            double[] swap = s;
            s = other;
            other = swap;
        }
        int k = widths[1] * trials;
        Panels.backward(ws.x, rows, d, s, k, gradients, d * k, ws.slot(PANEL_A, rows * Panels.WIDTH),
                ws.slot(PANEL_B, (d + 1) * Panels.WIDTH));
    }

    @Override
    public void meanLosses(Workspace ws, double[] params, int trials, DataBlock data, int[] order, int from, int to,
                           double[] losses) {
        int d = widths[0];
        int top = layers();
        int outs = widths[top] * trials;
        ws.ensure(Math.min(CHUNK, to - from), d, 0);
        Arrays.fill(losses, 0, trials, 0.0);
        for (int start = from; start < to; start += CHUNK) {
            int rows = Math.min(CHUNK, to - start);
            DenseModel.gather(ws, data, order, start, rows, d);
            forward(ws, params, trials, rows);
            double[] z = pre(ws, top, rows * outs);
            for (int i = 0; i < rows; i++) {
                for (int t = 0; t < trials; t++) {
                    losses[t] += rowLoss(z, i * outs + t, trials, ws.y[i]);
                }
            }
        }
        for (int t = 0; t < trials; t++) {
            losses[t] = losses[t] / (to - from);
        }
    }

    /** Every layer's pre-activations and outputs for the gathered rows. */
    private void forward(Workspace ws, double[] params, int trials, int rows) {
        int d = widths[0];
        int k = widths[1] * trials;
        double[] z = pre(ws, 1, rows * k);
        Panels.forward(ws.x, rows, d, params, params, d * k, k, z, ws.slot(PANEL_A, d * Panels.WIDTH),
                ws.slot(PANEL_B, Panels.WIDTH), ws.slot(PANEL_C, rows * Panels.WIDTH));
        activation.forward(z, out(ws, 1, rows * k), rows * k);
        for (int l = 2; l <= layers(); l++) {
            int n = widths[l - 1];
            int m = widths[l];
            int w = offsets[l] * trials;
            double[] next = pre(ws, l, rows * m * trials);
            LaneKernel.INSTANCE.forward(out(ws, l - 1, 0), rows, n, m, trials, params, w, w + n * m * trials, next);
            if (l < layers()) {
                activation.forward(next, out(ws, l, rows * m * trials), rows * m * trials);
            }
        }
    }

    /** Layer l's pre-activations (the outputs, for the top layer). */
    private static double[] pre(Workspace ws, int l, int n) {
        return ws.slot(PANEL_C + 2 * l - 1, n);
    }

    /** Layer l's outputs: its pre-activations themselves when the activation's slope needs only its outputs. */
    private double[] out(Workspace ws, int l, int n) {
        return activation.needsPreActivations() ? ws.slot(PANEL_C + 2 * l, n) : pre(ws, l, n);
    }

    private int maxWidth() {
        int max = 0;
        for (int l = 1; l < widths.length; l++) {
            max = Math.max(max, widths[l]);
        }
        return max;
    }

    /**
     * Adds each trial's loss of one row to {@code losses} and writes its slopes; output c of trial t at
     * {@code off + c·T + t}.
     */
    private void rowLossesAndSlopes(double[] z, int off, int trials, double y, double scale, double[] s,
                                    double[] losses) {
        switch (output) {
            case "logistic" -> LogisticRows.INSTANCE.apply(z, off, trials, y, scale, s, losses);
            case "linear" -> {
                for (int t = 0; t < trials; t++) {
                    double e = z[off + t] - y;
                    s[off + t] = 2.0 * e * scale;
                    losses[t] += e * e;
                }
            }
            default -> {
                for (int t = 0; t < trials; t++) {
                    losses[t] += CrossEntropyRows.lossAndSlopes(z, off + t, trials, widths[layers()], y, scale, s);
                }
            }
        }
    }

    /** One trial's loss of one row, its outputs from {@code at}, a block's width apart. */
    private double rowLoss(double[] z, int at, int trials, double y) {
        return switch (output) {
            case "logistic" -> {
                double x = -Math.abs(z[at]);
                yield LogisticRows.loss(z[at], y, x, Elementary.expNegative(x));
            }
            case "linear" -> {
                double e = z[at] - y;
                yield e * e;
            }
            default -> CrossEntropyRows.loss(z, at, trials, widths[layers()], y);
        };
    }

    @Override
    public String checkLabels(DataBlock data) {
        return labels.checkLabels(data);
    }
}
