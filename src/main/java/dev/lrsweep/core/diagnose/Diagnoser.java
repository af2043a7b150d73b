package dev.lrsweep.core.diagnose;

import static dev.lrsweep.core.spec.Format.significant;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns evidence into verdicts. {@code diverged}, {@code oscillating} and {@code zigzag} need one curve;
 * {@code slow} and {@code plateaued} compare a trial with the best of its group (same optimizer, schedule and
 * batch size), so they need the group's best loss reduction.
 */
public final class Diagnoser {
    private final Thresholds thresholds;

    public Diagnoser(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** The largest loss reduction among the trials that did not diverge, or NaN when there is none. */
    public static double bestReduction(List<Evidence> group) {
        double best = Double.NaN;
        for (Evidence e : group) {
            if (!e.diverged() && Double.isFinite(e.reduction()) && !(e.reduction() <= best)) {
                best = e.reduction();
            }
        }
        return best;
    }

    /** Verdicts for a whole group, in its order. */
    public List<Verdict> judgeGroup(List<Evidence> group) {
        double best = bestReduction(group);
        List<Verdict> out = new ArrayList<>(group.size());
        for (Evidence e : group) {
            out.add(judge(e, best));
        }
        return out;
    }

    /**
     * The verdict of one trial.
     *
     * @param groupBestReduction the best reduction in the trial's group ({@link #bestReduction}), or NaN to
     *                           judge the trial alone, which never makes it slow or plateaued
     */
    public Verdict judge(Evidence e, double groupBestReduction) {
        EnumSet<Status> flags = EnumSet.noneOf(Status.class);
        if (e.diverged()) {
            flags.add(Status.DIVERGED);
        }
        if (e.rises() >= thresholds.oscillationRises()) {
            flags.add(Status.OSCILLATING);
        }
        if (e.meanCosine() < thresholds.zigzagCosine()) {
            flags.add(Status.ZIGZAG);
        }
        double fraction = groupBestReduction > 0 ? e.reduction() / groupBestReduction : Double.NaN;
        double share = Double.isNaN(e.lastQuarterRate()) ? 0.25 : e.lastQuarterRate();
        boolean falling = e.lastQuarterFall() > 0
                && e.lastQuarterFall() >= thresholds.fallingFraction() * Math.max(e.reduction(), 0.0) * share;
        if (!e.diverged() && fraction < thresholds.slowFraction()) {
            flags.add(falling ? Status.SLOW : Status.PLATEAUED);
        }
        Status status = flags.isEmpty() ? Status.OK : flags.iterator().next();
        return new Verdict(status, flags, e.divergedAt(), reason(status, e, fraction, groupBestReduction, falling));
    }

    private String reason(Status status, Evidence e, double fraction, double groupBest, boolean falling) {
        return switch (status) {
            case DIVERGED -> "diverged at step " + e.divergedAt()
                    + (e.divergenceBegan() > 0 ? " after its loss bottomed out at " + significant(e.bestLoss(), 4)
                    + " at step " + e.divergenceBegan() : "")
                    + ": " + e.divergenceCause();
            case OSCILLATING -> "oscillating: the evaluated training loss rose " + e.rises() + " times by more than "
                    + percent(thresholds.oscillationTolerance()) + " of the initial loss, the largest rise "
                    + percent(e.largestRise()) + " at step " + e.largestRiseStep();
            case ZIGZAG -> "zigzag: consecutive updates point against each other (mean cosine "
                    + significant(e.meanCosine(), 4) + " over " + e.cosines() + " points) while the loss went from "
                    + significant(e.initialLoss(), 4) + " to " + significant(e.finalLoss(), 4);
            case SLOW -> "slow: reduced the loss by " + significant(e.reduction(), 4) + ", " + percent(fraction)
                    + " of the best in its group (" + significant(groupBest, 4) + "), and still falling at the end";
            case PLATEAUED -> "plateaued at " + significant(e.finalLoss(), 4) + ": reduced the loss by "
                    + significant(e.reduction(), 4) + ", " + percent(fraction) + " of the best in its group ("
                    + significant(groupBest, 4) + "), and no longer falling";
            case OK -> "ok: the loss fell from " + significant(e.initialLoss(), 4) + " to "
                    + significant(e.finalLoss(), 4) + (falling ? " and is still falling" : "");
        };
    }

    private static String percent(double fraction) {
        return significant(100 * fraction, 4) + "%";
    }

}
