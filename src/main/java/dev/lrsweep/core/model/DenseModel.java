package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;

/**
 * A model whose outputs are one linear layer, {@code z_c = w_c·x + b_c} for c &lt; C, followed by a per-row loss
 * of the C outputs and the label. Several trials (parameter vectors) are evaluated on the same rows at once: the
 * rows are gathered once and the two products run through {@link DenseKernel} over the block's parameters,
 * {@code K = trials × C} columns. A block of one trial is the single-trial case, so a trial's
 * numbers do not depend on the company it keeps.
 */
abstract class DenseModel implements Model {
    private static final long serialVersionUID = 1L;
    /** Rows per pass when evaluating the mean loss over many rows. */
    private static final int CHUNK = 256;

    final int features;
    final int outputs;

    DenseModel(int features, int outputs) {
        if (features < 1) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        this.features = features;
        this.outputs = outputs;
    }

    /** The index of weight (c, j) in the flat parameter vector. */
    abstract int weightIndex(int c, int j);

    /** The index of bias c in the flat parameter vector. */
    abstract int biasIndex(int c);

    /** The loss of one row from its C outputs {@code z[off …]}; writes the slopes × scale to {@code s[off …]}. */
    abstract double rowLossAndSlopes(double[] z, int off, double y, double scale, double[] s);

    /**
     * Adds each trial's loss of one row to {@code losses} and writes its slopes; the outputs of trial t start at
     * {@code off + t·C}. The default goes trial by trial; a model may do the trials at once, bit for bit the same.
     */
    void rowForTrials(double[] z, int off, int trials, double y, double scale, double[] s, double[] losses) {
        for (int t = 0; t < trials; t++) {
            losses[t] += rowLossAndSlopes(z, off + t * outputs, y, scale, s);
        }
    }

    /** The loss of one row from its C outputs {@code z[off …]}. */
    abstract double rowLoss(double[] z, int off, double y);

    @Override
    public final int features() {
        return features;
    }

    @Override
    public final int parameterCount() {
        return outputs * (features + 1);
    }

    /**
     * With one output the block layout is the kernel's: row j of the block holds every trial's weight of feature
     * j and row d their biases, so the kernel reads the parameters and writes the gradients in place. With C
     * outputs the weights are first laid out as the kernel wants them (one column per trial and output).
     */
    @Override
    public final void lossAndGradients(Workspace ws, double[] params, int trials, DataBlock data, int[] order,
                                       int from, int to, double[] gradients, double[] losses) {
        int rows = to - from;
        int d = features;
        int k = trials * outputs;
        ws.ensure(rows, d, k);
        gather(ws, data, order, from, rows, d);
        layOut(ws, params, trials);
        forward(ws, params, trials, rows);
        double scale = 1.0 / rows;
        java.util.Arrays.fill(losses, 0, trials, 0.0);
        for (int i = 0; i < rows; i++) {
            rowForTrials(ws.z, i * k, trials, ws.y[i], scale, ws.s, losses);
        }
        for (int t = 0; t < trials; t++) {
            losses[t] = losses[t] * scale;
        }
        if (outputs == 1) {
            DenseKernel.INSTANCE.backward(ws.x, rows, d, ws.s, k, gradients, gradients, d * k);
            return;
        }
        DenseKernel.INSTANCE.backward(ws.x, rows, d, ws.s, k, ws.g, ws.gb, 0);
        for (int c = 0; c < outputs; c++) {
            for (int j = 0; j < d; j++) {
                int at = weightIndex(c, j) * trials;
                int gj = j * k + c;
                for (int t = 0; t < trials; t++) {
                    gradients[at + t] = ws.g[gj + t * outputs];
                }
            }
            int at = biasIndex(c) * trials;
            for (int t = 0; t < trials; t++) {
                gradients[at + t] = ws.gb[t * outputs + c];
            }
        }
    }

    @Override
    public final void meanLosses(Workspace ws, double[] params, int trials, DataBlock data, int[] order, int from,
                                 int to, double[] losses) {
        int d = features;
        int k = trials * outputs;
        ws.ensure(Math.min(CHUNK, to - from), d, k);
        layOut(ws, params, trials);
        java.util.Arrays.fill(losses, 0, trials, 0.0);
        for (int start = from; start < to; start += CHUNK) {
            int rows = Math.min(CHUNK, to - start);
            gather(ws, data, order, start, rows, d);
            forward(ws, params, trials, rows);
            for (int i = 0; i < rows; i++) {
                double label = ws.y[i];
                int zi = i * k;
                for (int t = 0; t < trials; t++) {
                    losses[t] += rowLoss(ws.z, zi + t * outputs, label);
                }
            }
        }
        for (int t = 0; t < trials; t++) {
            losses[t] = losses[t] / (to - from);
        }
    }

    /** With C > 1 outputs, lays the block's weights out as the kernel reads them (one column per trial and output). */
    private void layOut(Workspace ws, double[] params, int trials) {
        if (outputs == 1) {
            return;
        }
        int d = features;
        int k = trials * outputs;
        for (int c = 0; c < outputs; c++) {
            for (int j = 0; j < d; j++) {
                int at = weightIndex(c, j) * trials;
                int wj = j * k + c;
                for (int t = 0; t < trials; t++) {
                    ws.w[wj + t * outputs] = params[at + t];
                }
            }
            int at = biasIndex(c) * trials;
            for (int t = 0; t < trials; t++) {
                ws.b[t * outputs + c] = params[at + t];
            }
        }
    }

    /** The outputs of the gathered rows for every trial of the block, into {@code ws.z}, after {@link #layOut}. */
    private void forward(Workspace ws, double[] params, int trials, int rows) {
        int d = features;
        int k = trials * outputs;
        if (outputs == 1) {
            DenseKernel.INSTANCE.forward(ws.x, rows, d, params, params, d * k, k, ws.z);
        } else {
            DenseKernel.INSTANCE.forward(ws.x, rows, d, ws.w, ws.b, 0, k, ws.z);
        }
    }

    /**
     * Copies the rows and their labels into the workspace. With an order, the labels are read first and every
     * cache line of the rows touched before the copy: those reads are independent, so the processor fetches them
     * from memory at once rather than one row (or one label, when the loss needs it) at a time.
     */
    static void gather(Workspace ws, DataBlock data, int[] order, int from, int rows, int d) {
        double[] y = data.y();
        for (int i = 0; i < rows; i++) {
            ws.y[i] = y[order == null ? from + i : order[from + i]];
        }
        if (order != null) {
            ws.touched += data.touchRows(order, from, rows);
        }
        for (int i = 0; i < rows; i++) {
            data.copyRow(order == null ? from + i : order[from + i], ws.x, i * d);
        }
    }
}
