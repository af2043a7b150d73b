package dev.lrsweep.core.optim;

/**
 * Adam (Kingma and Ba, ICLR 2015), with AMSGrad (Reddi, Kale and Kumar, ICLR 2018) and, for AdamW, decoupled
 * weight decay (Loshchilov and Hutter, ICLR 2019), exactly as {@code torch.optim.Adam} and {@code AdamW}:
 * <pre>
 *   t = t + 1
 *   θ = θ·(1 − ηλ)                         (AdamW: decoupled decay, before the moments)
 *   g = g + λθ                             (Adam: L2 decay)
 *   m = β₁·m + (1 − β₁)·g
 *   v = β₂·v + (1 − β₂)·g²
 *   v̂ = max(v̂, v)                          (AMSGrad; the denominator uses v̂)
 *   θ = θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Note where ε goes: after the bias-corrected square root, as PyTorch does.
 */
public record Adam(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean decoupled) implements Optimizer {
    private static final long serialVersionUID = 1L;
    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;
    private static final int MAX_EXP_AVG_SQ = 2;

    @Override
    public OptimizerState init(int parameterCount) {
        return new OptimizerState(parameterCount, amsgrad ? 3 : 2, 0);
    }

    @Override
    public void update(double[] params, double[] g, int width, int from, int to, double[] lr, OptimizerState state) {
        long step = state.advance();
        double biasCorrection1 = 1 - StrictMath.pow(beta1, step);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
        double[] stepSize = new double[to];
        double[] shrink = new double[to];
        for (int t = from; t < to; t++) {
            stepSize[t] = -(lr[t] / biasCorrection1);
            shrink[t] = 1 - lr[t] * weightDecay;
        }
        ColumnRules.INSTANCE.adam(this, params, g, width, from, to, stepSize, shrink, Math.sqrt(biasCorrection2),
                state.slot(EXP_AVG), state.slot(EXP_AVG_SQ), amsgrad ? state.slot(MAX_EXP_AVG_SQ) : null);
    }
}
