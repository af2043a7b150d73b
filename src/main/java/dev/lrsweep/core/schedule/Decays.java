package dev.lrsweep.core.schedule;

import java.util.Arrays;

/**
 * The closed forms of PyTorch's simple schedulers in {@code torch.optim.lr_scheduler}, and Keras's
 * InverseTimeDecay, for base rate α and run length T.
 */
final class Decays {
    private Decays() {
    }

    /** A constant α. */
    record Constant(double alpha) implements Schedule {
        @Override
        public double rate(long k) {
            return alpha;
        }
    }

    /** {@code StepLR}: α·γ^⌊k / step_size⌋. */
    record Step(double alpha, long stepSize, double gamma) implements Schedule {
        @Override
        public double rate(long k) {
            return alpha * StrictMath.pow(gamma, k / stepSize);
        }
    }

    /** {@code MultiStepLR}: α·γ^(number of milestones ≤ k). */
    record MultiStep(double alpha, long[] milestones, double gamma) implements Schedule {
        @Override
        public double rate(long k) {
            int passed = 0;
            while (passed < milestones.length && milestones[passed] <= k) {
                passed++;
            }
            return alpha * StrictMath.pow(gamma, passed);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MultiStep m && m.alpha == alpha && m.gamma == gamma
                    && Arrays.equals(m.milestones, milestones);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(milestones) * 31 + Double.hashCode(alpha * gamma);
        }

        @Override
        public String toString() {
            return "MultiStep[alpha=" + alpha + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
        }
    }

    /** {@code ExponentialLR}: α·γ^k. */
    record Exponential(double alpha, double gamma) implements Schedule {
        @Override
        public double rate(long k) {
            return alpha * StrictMath.pow(gamma, k);
        }
    }

    /** Keras {@code InverseTimeDecay}: α / (1 + rate·p), p = k / decay_steps, floored when staircase. */
    record InverseTime(double alpha, double decayRate, double decaySteps, boolean staircase) implements Schedule {
        @Override
        public double rate(long k) {
            double p = k / decaySteps;
            if (staircase) {
                p = Math.floor(p);
            }
            return alpha / (1 + decayRate * p);
        }
    }

    /** {@code PolynomialLR} with total_iters = T: α·(1 − min(k, T)/T)^power. */
    record Polynomial(double alpha, long total, double power) implements Schedule {
        @Override
        public double rate(long k) {
            return alpha * StrictMath.pow(1.0 - (double) Math.min(total, k) / total, power);
        }
    }

    /** {@code CosineAnnealingLR} with T_max = T: η_min + (α − η_min)(1 + cos(πk/T))/2. */
    record Cosine(double alpha, long total, double etaMin) implements Schedule {
        @Override
        public double rate(long k) {
            return etaMin + (alpha - etaMin) * (1 + StrictMath.cos(Math.PI * k / total)) / 2;
        }
    }

    /** {@code LinearLR} to an end factor of 1: α·(s + (1 − s)·min(k, W)/W). */
    record LinearWarmup(double alpha, double startFactor, long steps) implements Schedule {
        @Override
        public double rate(long k) {
            return alpha * (startFactor + (1.0 - startFactor) * Math.min(steps, k) / steps);
        }
    }

    /**
     * HuggingFace's {@code get_cosine_schedule_with_warmup} (one half cosine): α·k/W while k &lt; W, then
     * α·max(0, (1 + cos(π·p))/2) with p = (k − W)/(T − W).
     */
    record WarmupCosine(double alpha, long warmup, long total) implements Schedule {
        @Override
        public double rate(long k) {
            if (k < warmup) {
                return alpha * ((double) k / Math.max(1, warmup));
            }
            double progress = (double) (k - warmup) / Math.max(1, total - warmup);
            return alpha * Math.max(0.0, 0.5 * (1.0 + StrictMath.cos(Math.PI * 0.5 * 2.0 * progress)));
        }
    }
}
