package dev.lrsweep.core.schedule;

/**
 * The 1cycle policy (Smith and Topin, arXiv:1708.07120) as {@code torch.optim.lr_scheduler.OneCycleLR} with
 * max_lr = α, total_steps = T and {@code cycle_momentum=False}. Phases end at the fractional steps PyTorch uses:
 * two phases, up to {@code pct_start·T − 1} and down to {@code T − 1}; or three, with the second ending at
 * {@code 2·pct_start·T − 2}. Within a phase the rate is annealed from its start to its end value by cosine or
 * linearly in {@code pct = (k − start)/(end − start)}.
 */
record OneCycle(double[] phaseEnds, double[] phaseStartRates, double[] phaseEndRates, boolean cosine)
        implements Schedule {

    static OneCycle of(double alpha, long total, double pctStart, double divFactor, double finalDivFactor,
                       boolean cosine, boolean threePhase) {
        double initial = alpha / divFactor;
        double min = initial / finalDivFactor;
        if (threePhase) {
            return new OneCycle(
                    new double[] {pctStart * total - 1, 2 * pctStart * total - 2, total - 1},
                    new double[] {initial, alpha, initial},
                    new double[] {alpha, initial, min},
                    cosine);
        }
        return new OneCycle(
                new double[] {pctStart * total - 1, total - 1},
                new double[] {initial, alpha},
                new double[] {alpha, min},
                cosine);
    }

    /** The length of the shortest phase; a schedule whose phases are not all positive cannot be built. */
    double shortestPhase() {
        double shortest = Double.POSITIVE_INFINITY;
        double start = 0;
        for (double end : phaseEnds) {
            shortest = Math.min(shortest, end - start);
            start = end;
        }
        return shortest;
    }

    @Override
    public double rate(long k) {
        double start = 0;
        for (int i = 0; i < phaseEnds.length; i++) {
            double end = phaseEnds[i];
            if (k <= end || i == phaseEnds.length - 1) {
                double pct = (k - start) / (end - start);
                return anneal(phaseStartRates[i], phaseEndRates[i], pct);
            }
            start = end;
        }
        throw new IllegalStateException("unreachable");
    }

    private double anneal(double from, double to, double pct) {
        if (cosine) {
            return to + (from - to) / 2.0 * (StrictMath.cos(Math.PI * pct) + 1);
        }
        return (to - from) * pct + from;
    }
}
