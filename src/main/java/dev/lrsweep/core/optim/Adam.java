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
        double[] m = state.slot(EXP_AVG);
        double[] v = state.slot(EXP_AVG_SQ);
        double[] vMax = amsgrad ? state.slot(MAX_EXP_AVG_SQ) : null;
        double biasCorrection1 = 1 - StrictMath.pow(beta1, step);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        double[] stepSize = new double[to];
        double[] shrink = new double[to];
        for (int t = from; t < to; t++) {
            stepSize[t] = -(lr[t] / biasCorrection1);
            shrink[t] = 1 - lr[t] * weightDecay;
        }
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < to; t++) {
                int at = row + t;
                double gi = g[at];
                if (decoupled) {
                    params[at] = params[at] * shrink[t];
                } else if (weightDecay != 0) {
                    gi = gi + weightDecay * params[at];
                }
                m[at] = m[at] * beta1 + (1 - beta1) * gi;
                v[at] = v[at] * beta2 + (1 - beta2) * (gi * gi);
                double second = v[at];
                if (amsgrad) {
                    vMax[at] = Math.max(vMax[at], v[at]);
                    second = vMax[at];
                }
                double denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
                params[at] = params[at] + stepSize[t] * (m[at] / denom);
            }
        }
    }
}
