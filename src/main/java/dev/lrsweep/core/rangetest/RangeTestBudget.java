package dev.lrsweep.core.rangetest;

import java.util.Arrays;

/**
 * How long the range test's runs may be, so that together they cost at most {@value #SHARE_PERCENT} % of the
 * sample-gradients of the sweep they precede. Every batch size's runs first get {@value #FEWEST_STEPS} updates (below
 * that a ramp over many decades is too coarse to read; when even that costs more than the budget, the budget is
 * exceeded, and said so). What the budget has left is shared equally among the batch sizes as further updates, in
 * order from the smallest (whose updates are cheapest), what a size leaves unspent going to the larger ones, up to
 * the range test's {@code steps}.
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
        return steps(batchSizes, runs, maxSteps, cost, sweep, 0);
    }

    /**
     * The updates per run at each batch size, with {@code reserved} sample-gradients of the budget kept for what
     * follows the runs (the cold-start checks of their suggestions).
     */
    public static int[] steps(int[] batchSizes, int[] runs, int maxSteps, StepCost cost, double sweep,
                              double reserved) {
        Integer[] order = new Integer[batchSizes.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(batchSizes[a], batchSizes[b]));
        int fewest = Math.min(FEWEST_STEPS, maxSteps);
        int[] steps = new int[batchSizes.length];
        // every size first gets the fewest updates; what the budget has left is shared out as more updates
        double remaining = sweep * SHARE_PERCENT / 100.0 - reserved;
        for (int i = 0; i < steps.length; i++) {
            steps[i] = fewest;
            remaining -= runs[i] * cost.of(i, fewest);
        }
        for (int k = 0; k < order.length && remaining > 0; k++) {
            int i = order[k];
            double share = remaining / (order.length - k);
            double base = runs[i] * cost.of(i, fewest);
            for (int s = maxSteps; s > fewest; s--) { // the longest run the share pays for
                if (runs[i] * cost.of(i, s) - base <= share) {
                    steps[i] = s;
                    break;
                }
            }
            remaining -= runs[i] * cost.of(i, steps[i]) - base;
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
