package dev.lrsweep.core.diagnose;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns evidence into verdicts, a group at a time: the trials of one optimizer × schedule × batch size × clipping ×
 * initial scale, every rate and every seed. Some verdicts need only the trial's own curve (diverged, exploding
 * gradients, rising, oscillating, overfitting, zigzag, noisy); two compare it with others:
 * <ul>
 * <li>the noise floor a trial's rises are judged against is its rate's: the largest of its seeds' own floors
 *     ({@link NoiseFloor}), so that the seeds of a rate are held to one standard;</li>
 * <li>slow and plateaued compare the rate's progress (its mean loss reduction over its seeds that did not diverge)
 *     with the best rate's in the group.</li>
 * </ul>
 * An exploding trial's reason also names its clipped twins, when the groups that differ from its own only in their
 * clipping are judged with it. The README section "How trials are judged" states the same rules.
 */
public final class Diagnoser {
    private final Thresholds thresholds;

    public Diagnoser(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * One trial of a group: its base learning rate (its seeds share it), its evidence, its clipping threshold (NaN
     * for none) and its seed.
     */
    public record Trial(double learningRate, Evidence evidence, double clipGradNorm, long seed) {
        /** A trial without clipping, seed 0. */
        public Trial(double learningRate, Evidence evidence) {
            this(learningRate, evidence, Double.NaN, 0);
        }
    }

    /** A verdict before its reason, with what the reason needs. */
    private record Draft(Evidence evidence, Verdict verdict, double band, Rises valRises) {
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

    /**
     * Verdicts for a whole group, in its order. The trials may also be several groups that differ only in their
     * clipping threshold: each threshold's trials are judged as a group of their own, and then an exploding trial's
     * reason names the smaller thresholds at which its rate and seed trained stably without a jump (its clipped
     * twins: "clipping at 1 held at the same rate").
     */
    public List<Verdict> judgeGroup(List<Trial> trials) {
        Map<Double, List<Integer>> byClip = new LinkedHashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            byClip.computeIfAbsent(trials.get(i).clipGradNorm(), k -> new ArrayList<>()).add(i);
        }
        Draft[] drafts = new Draft[trials.size()];
        for (List<Integer> indices : byClip.values()) {
            List<Draft> group = draftGroup(indices.stream().map(trials::get).toList());
            for (int k = 0; k < indices.size(); k++) {
                drafts[indices.get(k)] = group.get(k);
            }
        }
        List<Verdict> out = new ArrayList<>(trials.size());
        for (int i = 0; i < trials.size(); i++) {
            Draft d = drafts[i];
            List<Double> held = d.verdict().has(Status.EXPLODING_GRADIENTS) ? clippingHeld(trials, drafts, i)
                    : List.of();
            String reason = new Reasons(thresholds, d.evidence(), d.verdict(), d.band(), d.valRises(), held).sentence();
            out.add(d.verdict().with(reason, held));
        }
        return out;
    }

    /**
     * The clipping thresholds below trial i's own (any, when it does not clip) at which a trial with its rate and
     * seed is stable and did not explode, ascending.
     */
    private static List<Double> clippingHeld(List<Trial> trials, Draft[] drafts, int i) {
        Trial t = trials.get(i);
        double own = Double.isNaN(t.clipGradNorm()) ? Double.POSITIVE_INFINITY : t.clipGradNorm();
        TreeSet<Double> held = new TreeSet<>();
        for (int j = 0; j < trials.size(); j++) {
            Trial u = trials.get(j);
            Verdict v = drafts[j].verdict();
            if (u.learningRate() == t.learningRate() && u.seed() == t.seed() && u.clipGradNorm() < own
                    && v.stable() && !v.has(Status.EXPLODING_GRADIENTS)) {
                held.add(u.clipGradNorm());
            }
        }
        return List.copyOf(held);
    }

    /** The drafts of one group's verdicts, in its order. */
    private List<Draft> draftGroup(List<Trial> group) {
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
        List<Draft> out = new ArrayList<>(group.size());
        for (Trial t : group) {
            out.add(judge(t.evidence(), t.clipGradNorm(), rates.get(t.learningRate()), best));
        }
        return out;
    }

    /** The verdict of a trial judged alone: a group of one, its own best. */
    public Verdict judgeAlone(Evidence e) {
        return judgeGroup(List.of(new Trial(1.0, e))).get(0);
    }

    private Draft judge(Evidence e, double clip, Rate rate, double groupBest) {
        Thresholds t = thresholds;
        boolean smooth = !e.noiseFree();
        Rises rises = Rises.of(e.evalSteps(), e.trainLosses(), rate.trainNoise, smooth, t.riseTolerance(),
                t.noiseMultiple());
        EnumSet<Status> flags = EnumSet.noneOf(Status.class);
        if (e.diverged()) {
            flags.add(Status.DIVERGED);
        }
        ExplodingGradients.Jump explosion = !t.judgesExplodingGradients() ? null
                : t.explodingGradients().find(e.gradSteps(), applied(e.gradNorms(), clip)).orElse(null);
        if (explosion != null) {
            flags.add(Status.EXPLODING_GRADIENTS);
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
                mean, groupBest, falling, explosion, List.of());
        return new Draft(e, v, band, valRises);
    }

    /**
     * The gradient norms as the updates applied them: at most the clipping threshold, so that a spike the clipping
     * capped is no explosion (the recorded norms are taken before clipping).
     */
    private static double[] applied(double[] norms, double clip) {
        if (Double.isNaN(clip)) {
            return norms;
        }
        double[] out = new double[norms.length];
        for (int i = 0; i < norms.length; i++) {
            out[i] = Double.isNaN(norms[i]) ? norms[i] : Math.min(norms[i], clip);
        }
        return out;
    }

    /** The values up to the first non-finite one (a diverged trial's last evaluation may be infinite). */
    private static double[] finite(double[] values) {
        int n = Rises.finitePrefix(values);
        return n == values.length ? values : java.util.Arrays.copyOf(values, n);
    }
}
