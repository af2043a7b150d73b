package dev.lrsweep.core.optim;

/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012; centred form from Graves, arXiv:1308.0850) as
 * {@code torch.optim.RMSprop}:
 * <pre>
 *   g = g + λθ
 *   v = α·v + (1 − α)·g²
 *   a = α·a + (1 − α)·g                   (centred)
 *   r = √(v − a²) + ε  (centred)  or  √v + ε
 *   b = μ·b + g / r;  θ = θ − η·b        (momentum)
 *   θ = θ − η·g / r                       (no momentum)
 * </pre>
 */
public record RmsProp(double alpha, double eps, double weightDecay, double momentum, boolean centered) implements Optimizer {
    private static final long serialVersionUID = 1L;
    private static final int SQUARE_AVG = 0;
    private static final int MOMENTUM = 1;
    private static final int GRAD_AVG = 2;

    @Override
    public OptimizerState init(int parameterCount) {
        return new OptimizerState(parameterCount, 3, 0);
    }

    @Override
    public void update(double[] params, double[] g, int width, int from, int to, double[] lr, OptimizerState state) {
        state.advance();
        ColumnRules.INSTANCE.rmsprop(this, params, g, width, from, to, lr, state.slot(SQUARE_AVG),
                state.slot(MOMENTUM), state.slot(GRAD_AVG));
    }
}
