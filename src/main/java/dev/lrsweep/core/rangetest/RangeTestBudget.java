package dev.lrsweep.core.rangetest;

import java.util.Arrays;

/**
 * How long the range test's runs may be, so that together they cost at most {@value #SHARE_PERCENT} % of the
 * sample-gradients of the sweep they precede. Each batch size gets an equal share of that budget, in order from the
 * smallest (whose runs are cheapest), and what a size leaves unspent goes to the larger ones; a size's runs get as
 * many updates as its share pays for, at most the range test's {@code steps} and at least {@value #FEWEST_STEPS}
 * (below that a ramp over many decades is too coarse to read: then the budget is exceeded, and said so).
 */
public final class RangeTestBudget {
    /** The range test's cost at most, in percent of the sweep's. */
    public static final int SHARE_PERCENT = 10;
    /** The fewest updates a run is cut down to. */
    public static final int FEWEST_STEPS = 50;

    private RangeTestBudget() {
    }

    /**
     * The updates per run at each batch size.
     *
     * @param batchSizes the real batch sizes
     * @param runs       the runs at each batch size (optimizers × seeds)
     * @param maxSteps   the range test's updates per run when there is money enough
     * @param cost       the sample-gradients of one run of so many updates, by batch size index
     * @param sweep      the sample-gradients of the sweep
     * @return the updates per run, by batch size index
     */
    public static int[] steps(int[] batchSizes, int[] runs, int maxSteps, StepCost cost, double sweep) {
        Integer[] order = new Integer[batchSizes.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(batchSizes[a], batchSizes[b]));
        double remaining = sweep * SHARE_PERCENT / 100.0;
        int[] steps = new int[batchSizes.length];
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            double share = remaining / (order.length - k);
            int fit = FEWEST_STEPS;
            for (int s = maxSteps; s >= FEWEST_STEPS; s--) { // the longest run the share pays for
                if (runs[i] * cost.of(i, s) <= share) {
                    fit = s;
                    break;
                }
            }
            steps[i] = Math.min(maxSteps, fit);
            remaining -= runs[i] * cost.of(i, steps[i]);
        }
        return steps;
    }

    /** The sample-gradients of one run at batch size index i of s updates. */
    @FunctionalInterface
    public interface StepCost {
        double of(int batchIndex, int steps);
    }

    /** The share of the sweep a cost is, in percent. */
    public static double percent(double rangeTest, double sweep) {
        return 100 * rangeTest / sweep;
    }
}
