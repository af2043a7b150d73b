package dev.lrsweep.report;

import java.util.List;
import java.util.TreeSet;

/**
 * Which learning rates a group's cost-against-iterations chart draws: every rate when there are at most
 * {@value #MOST} of them, else {@value #MOST} spread evenly along the ladder, always with the recommended, largest
 * stable, first unstable and divergence rates and the best trial's. More lines would not be told apart (the trials
 * table reaches every trial's curve), and would slow the page down.
 */
public final class ShownRates {
    /** The most rates one chart draws, besides the marked ones. */
    public static final int MOST = 12;

    private ShownRates() {
    }

    /** The rates to draw, increasing, of a group whose trials are {@code trials} (only that group's). */
    public static double[] of(GroupRow group, List<TrialRow> trials) {
        double[] rates = trials.stream().mapToDouble(TrialRow::learningRate).distinct().sorted().toArray();
        if (rates.length <= MOST) {
            return rates;
        }
        TreeSet<Double> shown = new TreeSet<>();
        for (int k = 0; k < MOST; k++) {
            shown.add(rates[(int) Math.round(k * (rates.length - 1) / (double) (MOST - 1))]);
        }
        for (double marked : new double[] {group.recommended(), group.largestStable(), group.firstUnstable(),
                group.divergence()}) {
            if (!Double.isNaN(marked)) {
                shown.add(marked);
            }
        }
        trials.stream().filter(t -> t.id().equals(group.bestTrialId())).forEach(t -> shown.add(t.learningRate()));
        return shown.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
