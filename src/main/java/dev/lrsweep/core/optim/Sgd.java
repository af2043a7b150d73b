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
public final class Sgd implements Optimizer {
    private static final long serialVersionUID = 1L;

    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    public Sgd(double momentum, double dampening, boolean nesterov, double weightDecay) {
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public OptimizerState init(int parameterCount) {
        return new OptimizerState(parameterCount, momentum != 0 ? 1 : 0, 0);
    }

    @Override
    public void update(double[] params, double[] g, double lr, OptimizerState state) {
        boolean first = state.steps() == 0;
        state.advance();
        if (weightDecay != 0) {
            for (int i = 0; i < g.length; i++) {
                g[i] = g[i] + weightDecay * params[i];
            }
        }
        if (momentum != 0) {
            double[] b = state.slot(0);
            double keep = 1 - dampening;
            for (int i = 0; i < g.length; i++) {
                b[i] = first ? g[i] : b[i] * momentum + keep * g[i];
                g[i] = nesterov ? g[i] + momentum * b[i] : b[i];
            }
        }
        for (int i = 0; i < g.length; i++) {
            params[i] = params[i] + -lr * g[i];
        }
    }
}
