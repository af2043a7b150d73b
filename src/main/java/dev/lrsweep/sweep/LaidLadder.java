package dev.lrsweep.sweep;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.errors.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ladder {@code learning_rates: auto} lays from a range test, so that every optimizer × batch size is bracketed:
 * from {@code span} decades below the lowest suggested rate to {@value #ABOVE_EDGE} × the highest edge (the rate
 * where the smoothed loss turned up for good), on the one-significant-figure ladder through the powers of ten,
 * {@code per_decade} rates per decade ({@link LearningRates#ladder}). Below the suggestion every group has stable
 * rates; above its edge, unstable ones. With {@code scale_lr_with_batch}, each group's rates are first carried back
 * to the reference batch size, since the ladder is given there.
 *
 * @param rates  the ladder, increasing
 * @param bottom the group whose suggestion set the bottom
 * @param top    the group whose edge set the top
 */
public record LaidLadder(List<Double> rates, Bounds bottom, Bounds top) {
    /** How far above the highest edge the ladder reaches. */
    public static final double ABOVE_EDGE = 3;

    /**
     * What the range test found for one optimizer × batch size.
     *
     * @param group     the group as the console names it
     * @param batchSize the real batch size
     * @param suggested the suggested rate, NaN when the rule found no fall
     * @param edge      the edge rate
     */
    public record Bounds(String group, int batchSize, double suggested, double edge) {
    }

    /**
     * Lays the ladder.
     *
     * @throws ConfigException when no group's loss fell, so there is nothing to lay a ladder by
     */
    public static LaidLadder lay(List<Bounds> groups, SweepConfig.AutoLadder auto, SweepConfig.BatchScaling scaling) {
        Bounds bottom = null;
        Bounds top = null;
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (Bounds b : groups) {
            if (Double.isNaN(b.suggested())) {
                continue;
            }
            double factor = scaling == null ? 1 : scaling.factor(b.batchSize());
            double from = b.suggested() / factor / Math.pow(10, auto.span());
            double to = b.edge() / factor * ABOVE_EDGE;
            if (from < low) {
                low = from;
                bottom = b;
            }
            if (to > high) {
                high = to;
                top = b;
            }
        }
        if (bottom == null) {
            throw new ConfigException("grid.learning_rates: auto found no rate at which the loss falls in any"
                    + " optimizer × batch size (see the range test above); give the learning rates instead");
        }
        int perDecade = auto.perDecade();
        double start = Math.pow(10, Math.floor(Math.log10(low) * perDecade + 1e-9) / perDecade);
        List<Double> rates = new ArrayList<>();
        for (double rate : LearningRates.ladder(start, high * Math.pow(10, 2.0 / perDecade), perDecade)) {
            rates.add(rate);
            if (rate >= high) {
                break;
            }
        }
        return new LaidLadder(List.copyOf(rates), bottom, top);
    }

    /** Why the ladder is what it is, in one line. */
    public String why(SweepConfig.AutoLadder auto) {
        return rates.size() + " rates, " + Format.number(rates.get(0)) + " … " + Format.number(rates.get(rates.size() - 1))
                + " (" + auto.perDecade() + " per decade): from " + Format.number(auto.span()) + " decades below the"
                + " lowest suggestion, " + Format.significant(bottom.suggested(), 2) + " (" + bottom.group() + "), to "
                + Format.number(ABOVE_EDGE) + " × the highest edge, " + Format.significant(top.edge(), 2) + " ("
                + top.group() + ")";
    }
}
