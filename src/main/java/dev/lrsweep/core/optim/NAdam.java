package dev.lrsweep.core.optim;

/**
 * NAdam (Dozat, ICLR 2016 workshop, "Incorporating Nesterov Momentum into Adam") with the momentum-decay
 * schedule, as PyTorch 2.x's {@code torch.optim.NAdam} computes it:
 * <pre>
 *   t = t + 1;  g = g + λθ
 *   μₜ = β₁(1 − ½·0.96^(t·ψ)),  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)·ψ)),  Π = Π·μₜ
 *   m = m + (1 − β₁)(g − m);  v = β₂·v + (1 − β₂)·g²
 *   d = √(v / (1 − β₂ᵗ)) + ε
 *   θ = θ − η(1 − μₜ)/(1 − Π) · g/d − η·μₜ₊₁/(1 − Π·μₜ₊₁) · m/d
 * </pre>
 * PyTorch 1.13 computed the last denominator differently; it was corrected in 2.0, and this is the corrected form.
 */
public record NAdam(double beta1, double beta2, double eps, double weightDecay, double momentumDecay) implements Optimizer {
    private static final long serialVersionUID = 1L;
    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;
    private static final int MU_PRODUCT = 0;

    @Override
    public OptimizerState init(int parameterCount) {
        OptimizerState state = new OptimizerState(parameterCount, 2, 1);
        state.setScalar(MU_PRODUCT, 1.0);
        return state;
    }

    @Override
    public void update(double[] params, double[] g, int width, int from, int to, double[] lr, OptimizerState state) {
        long step = state.advance();
        double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
        double mu = beta1 * (1. - 0.5 * StrictMath.pow(0.96, step * momentumDecay));
        double muNext = beta1 * (1. - 0.5 * StrictMath.pow(0.96, (step + 1) * momentumDecay));
        double muProduct = state.scalar(MU_PRODUCT) * mu;
        state.setScalar(MU_PRODUCT, muProduct);
        double muProductNext = muProduct * muNext;
        double[] gradCoefficient = new double[to];
        double[] momentumCoefficient = new double[to];
        for (int t = from; t < to; t++) {
            gradCoefficient[t] = -lr[t] * (1. - mu) / (1. - muProduct);
            momentumCoefficient[t] = (-lr[t] * muNext) / (1. - muProductNext);
        }
        ColumnRules.INSTANCE.nadam(this, params, g, width, from, to, gradCoefficient, momentumCoefficient,
                biasCorrection2, state.slot(EXP_AVG), state.slot(EXP_AVG_SQ));
    }
}
