package dev.lrsweep.core.train;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * When a trial's training and validation losses are evaluated: a number of points spread evenly over its run, so
 * that every batch size is judged on the same evidence whatever its number of updates, or, explicitly, every N
 * updates. Either way step 0 (the initial model) and the last step are evaluated. A pure function of the step and
 * the run's length, so a run split into step ranges evaluates at the same steps.
 *
 * @param every  updates between evaluations, or 0 when {@code points} decides
 * @param points evaluation points per run after step 0, or 0 when {@code every} decides
 */
public record EvaluationCadence(int every, int points) implements Serializable {
    /** The points per run when the sweep file says nothing. */
    public static final int DEFAULT_POINTS = 30;
    /** Fewer evaluated points than this (step 0 included) make a verdict rest on too little: a warning. */
    public static final int FEWEST_TRUSTED_POINTS = 10;

    public EvaluationCadence {
        if ((every > 0) == (points > 0) || every < 0 || points < 0) {
            throw new IllegalArgumentException("an evaluation cadence is either every N updates or N points per run,"
                    + " N at least 1");
        }
    }

    /** Every {@code n} updates, and at the last. */
    public static EvaluationCadence everyUpdates(int n) {
        return new EvaluationCadence(n, 0);
    }

    /** {@code n} points spread evenly over the run (every update when the run is shorter). */
    public static EvaluationCadence pointsPerRun(int n) {
        return new EvaluationCadence(0, n);
    }

    /**
     * True when the losses are evaluated after update t (1 ≤ t ≤ total). With {@code points} E, update t is a point
     * when ⌊t·E/T⌋ &gt; ⌊(t−1)·E/T⌋: the points fall every T/E updates (rounded up), the last at T.
     */
    public boolean due(long t, long total) {
        if (t == total) {
            return true;
        }
        if (every > 0) {
            return t % every == 0;
        }
        return pointIndex(t, total) > pointIndex(t - 1, total);
    }

    /** ⌊t·E/T⌋, exactly even where t·E does not fit in a long. */
    private long pointIndex(long t, long total) {
        long product = t * points;
        if (Math.multiplyHigh(t, points) == 0 && product >= 0) {
            return product / total;
        }
        return BigInteger.valueOf(t).multiply(BigInteger.valueOf(points)).divide(BigInteger.valueOf(total)).longValue();
    }

    /** The evaluated points of a run of {@code total} updates, step 0 included. */
    public long count(long total) {
        if (every > 0) {
            return 1 + total / every + (total % every == 0 ? 0 : 1);
        }
        return 1 + Math.min(points, total);
    }

    /** The sweep file's words for it: {@code evaluations: 30} or {@code eval_every: 50}. */
    @Override
    public String toString() {
        return every > 0 ? "eval_every: " + every : "evaluations: " + points;
    }
}
