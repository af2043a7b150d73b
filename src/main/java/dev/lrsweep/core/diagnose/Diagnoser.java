package dev.lrsweep.core.diagnose;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns evidence into verdicts, a group at a time: the trials of one optimizer × schedule × batch size, every rate
 * and every seed. Some verdicts need only the trial's own curve (diverged, rising, oscillating, overfitting, zigzag,
 * noisy); two compare it with others:
 * <ul>
 * <li>the noise floor a trial's rises are judged against is its rate's: the largest of its seeds' own floors
 *     ({@link NoiseFloor}), so that the seeds of a rate are held to one standard;</li>
 * <li>slow and plateaued compare the rate's progress (its mean loss reduction over its seeds that did not diverge)
 *     with the best rate's in the group.</li>
 * </ul>
 * The README section "How trials are judged" states the same rules.
 */
public final class Diagnoser {
    private final Thresholds thresholds;

    public Diagnoser(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** One trial of a group: its base learning rate (its seeds share it) and its evidence. */
    public record Trial(double learningRate, Evidence evidence) {
    }

    /** What the seeds of one rate share. */
    private static final class Rate {
        double trainNoise;
        double valNoise;
        double reductionSum;
        double lastQuarterFallSum;
        double lastQuarterRateSum;
        int reductions;

        double meanReduction() {
            return reductions == 0 ? Double.NaN : reductionSum / reductions;
        }

        /**
         * Whether the rate's loss is still falling at the end, over its seeds: the mean fall over the last quarter of
         * evaluation points exceeds the noise band, and per unit of learning rate it is at least the falling fraction
         * of the mean fall over the run.
         */
        boolean falling(double fallingFraction, double noiseMultiple) {
            if (reductions == 0) {
                return false;
            }
            double fall = lastQuarterFallSum / reductions;
            double share = lastQuarterRateSum / reductions;
            return fall > noiseMultiple * trainNoise
                    && fall >= fallingFraction * Math.max(meanReduction(), 0.0) * share;
        }
    }

    /** Verdicts for a whole group, in its order. */
    public List<Verdict> judgeGroup(List<Trial> group) {
        Map<Double, Rate> rates = new LinkedHashMap<>();
        for (Trial t : group) {
            Evidence e = t.evidence();
            Rate r = rates.computeIfAbsent(t.learningRate(), k -> new Rate());
            r.trainNoise = Math.max(r.trainNoise, NoiseFloor.of(finite(e.trainLosses()), e.noiseFree()));
            if (e.hasValidation()) {
                r.valNoise = Math.max(r.valNoise, NoiseFloor.of(finite(e.valLosses()), e.noiseFree()));
            }
            if (!e.diverged() && Double.isFinite(e.reduction()) && Double.isFinite(e.lastQuarterFall())) {
                r.reductionSum += e.reduction();
                r.lastQuarterFallSum += e.lastQuarterFall();
                r.lastQuarterRateSum += Double.isNaN(e.lastQuarterRate()) ? 0.25 : e.lastQuarterRate();
                r.reductions++;
            }
        }
        double best = Double.NaN;
        for (Rate r : rates.values()) {
            double mean = r.meanReduction();
            if (Double.isFinite(mean) && !(mean <= best)) {
                best = mean;
            }
        }
        List<Verdict> out = new ArrayList<>(group.size());
        for (Trial t : group) {
            out.add(judge(t.evidence(), rates.get(t.learningRate()), best));
        }
        return out;
    }

    /** The verdict of a trial judged alone: a group of one, its own best. */
    public Verdict judgeAlone(Evidence e) {
        return judgeGroup(List.of(new Trial(1.0, e))).get(0);
    }

    private Verdict judge(Evidence e, Rate rate, double groupBest) {
        Thresholds t = thresholds;
        boolean smooth = !e.noiseFree();
        Rises rises = Rises.of(e.evalSteps(), e.trainLosses(), rate.trainNoise, smooth, t.riseTolerance(),
                t.noiseMultiple());
        EnumSet<Status> flags = EnumSet.noneOf(Status.class);
        if (e.diverged()) {
            flags.add(Status.DIVERGED);
        }
        boolean endedAbove = !(e.finalLoss() < e.initialLoss());
        boolean valEndedAbove = e.hasValidation() && !(e.finalValLoss() < e.initialValLoss());
        if (!e.diverged() && (endedAbove || valEndedAbove || rises.openAtEnd())) {
            flags.add(Status.RISING);
        }
        if (rises.excursions() >= t.oscillationRises()) {
            flags.add(Status.OSCILLATING);
        }
        boolean falling = rate.falling(t.fallingFraction(), t.noiseMultiple());
        double mean = rate.meanReduction();
        double band = Math.max(t.noiseMultiple() * rate.trainNoise, Rises.FLOOR * Math.abs(e.initialLoss()));
        boolean clearFall = mean > band;
        double fraction = groupBest > 0 ? mean / groupBest : Double.NaN;
        if (!e.diverged()) {
            if (!clearFall || !falling && fraction < t.plateauFraction()) {
                flags.add(Status.PLATEAUED);
            } else if (falling && fraction < t.slowFraction()) {
                flags.add(Status.SLOW);
            }
        }
        Rises valRises = null;
        if (e.hasValidation()) {
            valRises = Rises.of(e.evalSteps(), e.valLosses(), rate.valNoise, smooth, t.riseTolerance(),
                    t.noiseMultiple());
            int bestVal = e.bestValIndex();
            if (valRises.openAtEnd() && bestVal >= 0 && e.finalLoss() < e.trainLosses()[bestVal]) {
                flags.add(Status.OVERFITTING);
            }
        }
        if (e.meanCosine() < t.zigzagCosine()) {
            flags.add(Status.ZIGZAG);
        }
        if (smooth && !e.diverged() && rises.largestVisible() > 0 && !flags.contains(Status.OSCILLATING)
                && !flags.contains(Status.RISING)) {
            flags.add(Status.NOISY);
        }
        Status status = flags.isEmpty() ? Status.OK : flags.iterator().next();
        Verdict v = new Verdict(status, flags, Verdict.stable(flags), e.divergedAt(), "", rate.trainNoise, rises,
                mean, groupBest, falling);
        String reason = new Reasons(t, e, v, band, valRises).sentence();
        return new Verdict(status, flags, v.stable(), e.divergedAt(), reason, rate.trainNoise, rises, mean,
                groupBest, falling);
    }

    /** The values up to the first non-finite one (a diverged trial's last evaluation may be infinite). */
    private static double[] finite(double[] values) {
        int n = Rises.finitePrefix(values);
        return n == values.length ? values : java.util.Arrays.copyOf(values, n);
    }
}
