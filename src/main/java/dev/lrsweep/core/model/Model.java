package dev.lrsweep.core.model;

import dev.lrsweep.core.data.DataBlock;
import java.io.Serializable;

/**
 * A model with a loss, as PyTorch defines it: the mean of the per-row losses over a mini-batch.
 *
 * <p>Parameters live in arrays owned by the caller (in block layout, below). A model holds no parameters and
 * no state, so one instance serves every trial and thread. Rows are addressed through an order array: the mini-batch is
 * {@code order[from] … order[to − 1]}, which lets the trainer shuffle without copying data.
 *
 * <p>Summation runs in a fixed order (rows in batch order, features in index order), so the same inputs give
 * bit-identical outputs on every machine.
 */
public interface Model extends Serializable {

    /** The name a sweep file uses: {@code linear}, {@code logistic} or {@code softmax}. */
    String type();

    /** The number of input features. */
    int features();

    /** The length of the flat parameter vector, biases included. */
    int parameterCount();

    /**
     * The mean loss over the mini-batch {@code order[from] … order[to − 1]} and its gradient with respect to the
     * parameters, for a block of T trials at once: the rows are read once for all of them. The block's parameters
     * and gradients are in <em>block layout</em>: parameter i of trial t at {@code [i·T + t]}, so the innermost
     * loops run across trials; a block of one is a trial's flat parameter vector. Each trial's loss and gradient
     * are bit-identical to what it gets in a block of one.
     *
     * @param ws        scratch space owned by the calling thread
     * @param params    parameterCount × T, block layout
     * @param gradients parameterCount × T, block layout, overwritten
     * @param losses    receives each trial's mean loss
     */
    void lossAndGradients(Workspace ws, double[] params, int trials, DataBlock data, int[] order, int from, int to,
                          double[] gradients, double[] losses);

    /**
     * The mean loss over rows {@code order[from] … order[to − 1]} (rows {@code from … to − 1} when order is
     * null) for a block of trials in block layout; bit-identical to each alone.
     */
    void meanLosses(Workspace ws, double[] params, int trials, DataBlock data, int[] order, int from, int to,
                    double[] losses);

    /**
     * Describes the first label this model cannot learn from (a non-finite value, a class out of range), or
     * returns null when every label fits.
     */
    String checkLabels(DataBlock data);
}
