package dev.lrsweep.core.optim;

import java.io.Serializable;

/**
 * An update rule, as one of PyTorch's {@code torch.optim} classes defines it, split into an immutable rule (this
 * object, holding the hyper-parameters) and the per-run state it works on ({@link OptimizerState}).
 *
 * <p>Order of use, once per training run:
 * <ol>
 *   <li>{@link #init(int)} builds fresh state for a parameter vector of a given length;</li>
 *   <li>for every update: compute the gradient, optionally clip it ({@link GradientClipping}), then call
 *       {@link #update} with the learning rate the schedule gives for that update.</li>
 * </ol>
 * The learning rate is passed in per call and is never stored: schedules are not an optimizer's business.
 * A rule is stateless and thread-safe; a state belongs to one run. To start another run, call {@code init}
 * again rather than copying state; to checkpoint or hand a run over, use {@link OptimizerState#copy()}.
 *
 * <p>Trials trained together keep their parameters in <em>block layout</em>: parameter i of trial t at
 * {@code [i·T + t]} for a block of T trials. {@link #update(double[], double[], int, int, int, double[],
 * OptimizerState)} updates a range of a block's trials that share this rule, each with its own rate, with the
 * innermost loop across trials; their states are packed the same way ({@link OptimizerState#pack}). A single
 * trial is a block of one, and every element goes through the same operations either way, so a trial's numbers
 * do not depend on the block it is in.
 */
public interface Optimizer extends Serializable {

    /** Fresh state for {@code parameterCount} parameters, as PyTorch's lazily created state would start. */
    OptimizerState init(int parameterCount);

    /**
     * One update in place of trials {@code from … to − 1} of a block, equal for each to PyTorch's
     * {@code optimizer.step()} with that trial's {@code lr} set on the param group.
     *
     * @param params   the block's parameters (parameterCount × width, block layout), updated in place
     * @param gradient the gradient of the loss at {@code params}, same layout; the rule may overwrite it
     * @param width    the number of trials T in the block
     * @param lr       the learning rate of this update, per trial of the block (index t)
     * @param state    the state of trials {@code from … to − 1}, packed over the same width; advanced by one step
     */
    void update(double[] params, double[] gradient, int width, int from, int to, double[] lr, OptimizerState state);

    /**
     * One update of a single trial's parameter vector (a block of one).
     *
     * @param state this run's state, from {@link #init(int)}; advanced by one step
     */
    default void update(double[] params, double[] gradient, double lr, OptimizerState state) {
        update(params, gradient, 1, 0, 1, new double[] {lr}, state);
    }
}
