package dev.lrsweep.core.rangetest;

import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.core.spec.Format;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a range test's suggestion from a cold start, as the sweep will train it. The ramp is a warm run: by the
 * time its rate reaches α the weights have trained at every smaller rate, so where the loss is already low it can
 * keep falling at rates that blow a trial started from the initial weights up in its first update (Adam moves every
 * weight by about α at once), make it overfit within its few updates, or make heavy-ball momentum ring. A full-batch
 * ramp on nearly separable data never turns up at all. The sweep's trials start cold, so the suggestion is tried as
 * one of them:
 *
 * <ol>
 * <li>a trial of the optimizer and batch size at the suggested rate, constant (as the ramp holds each rate),
 *     from the initial weights and with the batches of the grid's first seed, for the sweep's length and
 *     evaluations, with validation;</li>
 * <li>judged alone, by the sweep's own verdicts ({@code Diagnoser#judgeAlone});</li>
 * <li>while it is unstable (diverged, exploding gradients, rising, oscillating, or plateaued: within the ramp's
 *     fall, a trial whose loss does not fall clearly is stuck in its own noise), the rate is divided by
 *     {@value #DIVISOR} and tried again, at most {@value #MOST_DECADES} trials, never below the rate at which the
 *     ramp's loss began to fall (below it, a smaller rate would only fall less);</li>
 * <li>once a rate a decade below an unstable one is stable, the rate halfway between them (their geometric mean) is
 *     tried too.</li>
 * </ol>
 *
 * The suggestion is the largest rate checked that was not too large: within a factor √10 below the smallest rate
 * found unstable. When the sweep agrees with the checks, it so lies below the sweep's first unstable rate and above
 * a tenth of its largest stable one, with room for a schedule that anneals (a cosine trial is often stable a little
 * above the constant rate that was checked).
 */
public final class ColdStartCheck {
    /** The factor by which an unstable check's rate is divided for the next. */
    public static final double DIVISOR = 10;
    /** The most checks a decade apart. */
    public static final int MOST_DECADES = 4;
    /** The most checks of one suggestion: the decades, and one halfway. */
    public static final int MOST_CHECKS = MOST_DECADES + 1;

    private ColdStartCheck() {
    }

    /**
     * One trial of a suggestion.
     *
     * @param lr     its constant rate
     * @param status the verdict's status
     */
    public record Check(double lr, Status status) implements Serializable {
        /** True when its verdict is unstable, which within the ramp's fall a smaller rate cures. */
        public boolean tooLarge() {
            return status.breaksStability();
        }

        @Override
        public String toString() {
            return Format.significant(lr, 2) + " " + status.label();
        }
    }

    /**
     * A checked suggestion.
     *
     * @param rampLr      the range test's own suggestion
     * @param checks      the checks made, in order
     * @param suggestedLr the rate suggested: the largest checked that was not too large; the ramp's when no check
     *                    was made; NaN when every check was too large
     * @param note        what the checks found, or null when the first one confirmed the ramp's suggestion
     */
    public record Outcome(double rampLr, List<Check> checks, double suggestedLr, String note) implements Serializable {
        /** The status of the check at the suggested rate, null when none was made there. */
        public Status status() {
            return checks.stream().filter(c -> c.lr() == suggestedLr).map(Check::status).findFirst().orElse(null);
        }
    }

    /**
     * The rate to check next, or NaN when the checks are done.
     *
     * @param floorLr the lowest rate worth checking: where the ramp's loss began to fall
     */
    public static double next(double rampLr, double floorLr, List<Check> checks) {
        if (Double.isNaN(rampLr)) {
            return Double.NaN;
        }
        if (checks.isEmpty()) {
            return rampLr;
        }
        double unstable = smallestTooLarge(checks);
        double stable = largestNotTooLarge(checks);
        if (Double.isNaN(unstable)) {
            return Double.NaN;
        }
        if (Double.isNaN(stable)) {
            return checks.size() < MOST_DECADES && !(unstable / DIVISOR < floorLr) ? unstable / DIVISOR : Double.NaN;
        }
        return unstable / stable > Math.sqrt(DIVISOR) * (1 + 1e-9) ? Math.sqrt(unstable * stable) : Double.NaN;
    }

    /** The smallest rate checked that was too large, NaN when none was. */
    static double smallestTooLarge(List<Check> checks) {
        return checks.stream().filter(Check::tooLarge).mapToDouble(Check::lr).min().orElse(Double.NaN);
    }

    /** The largest rate checked that was not too large, NaN when none was. */
    static double largestNotTooLarge(List<Check> checks) {
        return checks.stream().filter(c -> !c.tooLarge()).mapToDouble(Check::lr).max().orElse(Double.NaN);
    }

    /**
     * What the checks made of the ramp's suggestion.
     *
     * @param unfinished true when the checks stopped before {@link #next} said they were done (their budget ran out)
     */
    public static Outcome of(double rampLr, List<Check> checks, boolean unfinished) {
        List<Check> made = List.copyOf(checks);
        if (Double.isNaN(rampLr)) {
            return new Outcome(rampLr, made, rampLr, null);
        }
        if (made.isEmpty()) {
            return new Outcome(rampLr, made, rampLr, "not checked from a cold start: the range test's budget was spent");
        }
        String tried = made.stream().map(Check::toString).collect(Collectors.joining(", "));
        double stable = largestNotTooLarge(made);
        if (!Double.isNaN(stable)) {
            String note = made.size() == 1 ? null : "cold starts: " + tried + "; the ramp's suggestion, "
                    + Format.significant(rampLr, 2) + ", was too large for a trial from the initial weights";
            return new Outcome(rampLr, made, stable, note);
        }
        double below = smallestTooLarge(made) / DIVISOR;
        if (unfinished) {
            return new Outcome(rampLr, made, below, "cold starts: " + tried + "; " + Format.significant(below, 2)
                    + " not checked: the range test's budget was spent");
        }
        return new Outcome(rampLr, made, Double.NaN, "no cold start was stable: " + tried);
    }
}
