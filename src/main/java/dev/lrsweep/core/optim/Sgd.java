package dev.lrsweep.core.optim;

/**
 * Stochastic gradient descent with optional heavy-ball momentum (Polyak, 1964), Nesterov momentum (Sutskever et
 * al., ICML 2013, in PyTorch's form) and L2 weight decay, exactly as {@code torch.optim.SGD}:
 * <pre>
 *   d = g + λθ
 *   b = d                               on the first step
 *   b = μ·b + (1 − τ)·d                 afterwards
 *   d = d + μ·b  (nesterov)  or  d = b
 *   θ = θ − η·d
 * </pre>
 */
public record Sgd(double momentum, double dampening, boolean nesterov, double weightDecay) implements Optimizer {
    private static final long serialVersionUID = 1L;

    @Override
    public OptimizerState init(int parameterCount) {
        return new OptimizerState(parameterCount, momentum != 0 ? 1 : 0, 0);
    }

    @Override
    public void update(double[] params, double[] g, int width, int from, int to, double[] lr, OptimizerState state) {
        boolean first = state.steps() == 0;
        state.advance();
        ColumnRules.INSTANCE.sgd(this, params, g, width, from, to, lr, momentum != 0 ? state.slot(0) : null, first);
    }
}
