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
public final class NAdam implements Optimizer {
    private static final long serialVersionUID = 1L;
    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;
    private static final int MU_PRODUCT = 0;

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double momentumDecay;

    public NAdam(double beta1, double beta2, double eps, double weightDecay, double momentumDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentumDecay = momentumDecay;
    }

    @Override
    public OptimizerState init(int parameterCount) {
        OptimizerState state = new OptimizerState(parameterCount, 2, 1);
        state.setScalar(MU_PRODUCT, 1.0);
        return state;
    }

    @Override
    public void update(double[] params, double[] g, double lr, OptimizerState state) {
        long step = state.advance();
        double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
        double mu = beta1 * (1. - 0.5 * StrictMath.pow(0.96, step * momentumDecay));
        double muNext = beta1 * (1. - 0.5 * StrictMath.pow(0.96, (step + 1) * momentumDecay));
        double muProduct = state.scalar(MU_PRODUCT) * mu;
        state.setScalar(MU_PRODUCT, muProduct);
        double muProductNext = muProduct * muNext;
        double gradCoefficient = -lr * (1. - mu) / (1. - muProduct);
        double momentumCoefficient = (-lr * muNext) / (1. - muProductNext);
        double[] m = state.slot(EXP_AVG);
        double[] v = state.slot(EXP_AVG_SQ);
        double weight = 1 - beta1;
        for (int i = 0; i < g.length; i++) {
            double gi = weightDecay != 0 ? g[i] + weightDecay * params[i] : g[i];
            m[i] = weight < 0.5 ? m[i] + weight * (gi - m[i]) : gi - (gi - m[i]) * (1 - weight);
            v[i] = v[i] * beta2 + (1 - beta2) * (gi * gi);
            double denom = Math.sqrt(v[i] / biasCorrection2) + eps;
            params[i] = params[i] + gradCoefficient * (gi / denom);
            params[i] = params[i] + momentumCoefficient * (m[i] / denom);
        }
    }
}
