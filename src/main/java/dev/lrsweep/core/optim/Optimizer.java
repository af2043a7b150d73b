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
 */
public interface Optimizer extends Serializable {

    /** Fresh state for {@code parameterCount} parameters, as PyTorch's lazily created state would start. */
    OptimizerState init(int parameterCount);

    /**
     * One update in place, equal to PyTorch's {@code optimizer.step()} with {@code lr} set on the param group.
     *
     * @param params   the parameters, updated in place
     * @param gradient the gradient of the loss at {@code params}; the rule may overwrite it (it is scratch after the call)
     * @param lr       the learning rate of this update
     * @param state    this run's state, from {@link #init(int)}; advanced by one step
     */
    void update(double[] params, double[] gradient, double lr, OptimizerState state);
}
