package dev.lrsweep.core.diagnose;

import static dev.lrsweep.core.spec.Format.significant;

import java.util.ArrayList;
import java.util.List;

/**
 * The sentence of a verdict: its status with the numbers behind it, then a short clause for each other flag.
 */
final class Reasons {
    private final Thresholds t;
    private final Evidence e;
    private final Verdict v;
    private final double band;
    private final Rises valRises;

    /**
     * @param band     the reduction a rate must exceed to have fallen clearly (its noise band)
     * @param valRises the rises of the validation loss, null without validation rows
     */
    Reasons(Thresholds thresholds, Evidence evidence, Verdict verdict, double band, Rises valRises) {
        this.t = thresholds;
        this.e = evidence;
        this.v = verdict;
        this.band = band;
        this.valRises = valRises;
    }

    String sentence() {
        List<String> also = new ArrayList<>();
        for (Status flag : v.flags()) {
            if (flag != v.status()) {
                also.add(brief(flag));
            }
        }
        return main(v.status()) + (also.isEmpty() ? "" : "; also " + String.join(", ", also));
    }

    private String main(Status status) {
        return switch (status) {
            case DIVERGED -> "diverged at step " + e.divergedAt()
                    + (e.divergenceBegan() > 0 ? " after its loss bottomed out at " + n(e.bestLoss()) + " at step "
                    + e.divergenceBegan() : "") + ": " + e.divergenceCause();
            case RISING -> "rising: " + rising();
            case OSCILLATING -> "oscillating: the evaluated training loss rose " + v.rises().excursions() + " times"
                    + " beyond " + counts() + ", the largest rise " + n(v.rises().largestRise()) + " ("
                    + percent(v.rises().largestRiseShare()) + " of the progress made) at step "
                    + v.rises().largestRiseStep() + "; the loss went from " + n(e.initialLoss()) + " to "
                    + n(e.finalLoss());
            case SLOW -> "slow: " + progress() + ", and still falling at the end";
            case PLATEAUED -> "plateaued: " + progress() + ", and no longer falling";
            case OVERFITTING -> "overfitting: " + overfitting();
            case ZIGZAG -> "zigzag: consecutive updates point against each other (mean cosine "
                    + n(e.meanCosine()) + " over " + e.cosines() + " points) while the loss fell from "
                    + n(e.initialLoss()) + " to " + n(e.finalLoss());
            case NOISY -> "noisy: the loss fell from " + n(e.initialLoss()) + " to " + n(e.finalLoss()) + "; "
                    + wiggle();
            case OK -> "ok: the loss fell from " + n(e.initialLoss()) + " to " + n(e.finalLoss())
                    + (v.falling() ? " and is still falling" : "");
        };
    }

    private String brief(Status flag) {
        return switch (flag) {
            case DIVERGED, OK -> flag.label();
            case RISING -> "rising (" + rising() + ")";
            case OSCILLATING -> "oscillating (" + v.rises().excursions() + " rises beyond " + counts() + ")";
            case SLOW, PLATEAUED -> flag.label() + " (" + percent(v.progressFraction()) + " of the best rate's progress)";
            case OVERFITTING -> "overfitting (" + overfitting() + ")";
            case ZIGZAG -> "zigzag (mean update cosine " + n(e.meanCosine()) + ")";
            case NOISY -> "noisy (" + wiggle() + ")";
        };
    }

    private String rising() {
        if (!(e.finalLoss() < e.initialLoss())) {
            return "the training loss ended at " + n(e.finalLoss()) + ", at or above its initial " + n(e.initialLoss());
        }
        if (e.hasValidation() && !(e.finalValLoss() < e.initialValLoss())) {
            return "the validation loss ended at " + n(e.finalValLoss()) + ", at or above its initial "
                    + n(e.initialValLoss()) + (e.bestValStep() > 0 ? " (best " + n(e.bestValLoss()) + " at step "
                    + e.bestValStep() + ")" : " and never fell below it") + ", while the training loss went from "
                    + n(e.initialLoss()) + " to " + n(e.finalLoss());
        }
        return "the training loss turned up at the end: from its lowest " + n(e.bestLoss()) + " at step "
                + e.bestStep() + " to " + n(e.finalLoss()) + ", a rise of " + percent(v.rises().largestRiseShare())
                + " of the progress it had made, beyond " + counts();
    }

    /** What a rise must exceed to count. */
    private String counts() {
        return (v.noiseFloor() > 0 ? n(t.noiseMultiple()) + "σ = " + n(t.noiseMultiple() * v.noiseFloor())
                + " and " : "") + percent(t.riseTolerance()) + " of the progress made";
    }

    private String progress() {
        if (!(v.meanReduction() > band)) {
            return "its rate reduced the loss by " + n(v.meanReduction()) + " on average over its seeds (this trial "
                    + n(e.reduction()) + "), no clear fall" + (band > Rises.FLOOR * Math.abs(e.initialLoss())
                    ? " beyond its noise band " + n(band) : "");
        }
        return "its rate reduced the loss by " + n(v.meanReduction()) + " on average over its seeds (this trial "
                + n(e.reduction()) + "), " + percent(v.progressFraction()) + " of the best rate's reduction in its"
                + " group (" + n(v.groupBestReduction()) + ")";
    }

    private String overfitting() {
        return "the validation loss rose from its best " + n(e.bestValLoss()) + " at step " + e.bestValStep() + " to "
                + n(e.finalValLoss()) + " while the training loss fell from " + n(e.trainLosses()[e.bestValIndex()])
                + " to " + n(e.finalLoss());
    }

    private String wiggle() {
        Rises r = v.rises();
        return "its evaluated loss wiggles by up to " + n(r.largestVisible()) + " (at step " + r.largestVisibleStep()
                + "), within its noise floor σ = " + n(v.noiseFloor()) + " (rises count beyond " + counts() + ")";
    }

    private static String n(double value) {
        return significant(value, 4);
    }

    private static String percent(double fraction) {
        return Double.isInfinite(fraction) ? "all" : significant(100 * fraction, 3) + "%";
    }
}
