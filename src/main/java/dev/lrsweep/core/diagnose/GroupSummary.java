package dev.lrsweep.core.diagnose;

import static dev.lrsweep.core.spec.Format.number;
import static dev.lrsweep.core.spec.Format.significant;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one optimizer × schedule × batch size found, from its judged and ranked trials: per rate, how many seeds were
 * stable and the mean loss; the largest stable rate, the recommended one, where it stops being stable and where it
 * diverges; and the warnings a user should read. These are the rules of the {@code summary} table; the README section
 * "How trials are judged" states them.
 *
 * @param recommendedLr       the largest rate stable in every seed whose loss (mean over seeds) is within the
 *                            recommend tolerance of the group's best; NaN when there is none
 * @param recommendedLoss     that rate's mean loss
 * @param largestStableLr     the largest rate stable in every seed, NaN when none is
 * @param firstUnstableLr     the smallest rate above the largest stable one that is not stable in every seed, NaN
 *                            when there is none (or no rate is stable)
 * @param firstUnstableStatus the worst status among that rate's seeds, null with no such rate
 * @param divergenceLr        the smallest rate at which some seed diverged, NaN when none did
 * @param bestLr              the rate with the lowest mean loss among those where no seed diverged, NaN when none
 * @param bestLoss            that loss
 * @param bestTrialId         the group's best-ranked trial
 * @param warnings            what to look at: range warnings and seeds that disagree
 */
public record GroupSummary(String optimizer, String schedule, int batchSize, int trials, int seeds,
                           double recommendedLr, double recommendedLoss, double largestStableLr, double firstUnstableLr,
                           String firstUnstableStatus, double divergenceLr, double bestLr, double bestLoss,
                           String bestTrialId, int bestRank, String bestStatus, List<RateSummary> rates,
                           List<String> warnings) implements Serializable {

    /**
     * One rate of a group.
     *
     * @param meanLoss    the rank_by loss, mean over the seeds that did not diverge (NaN when none has one)
     * @param worstStatus the worst status among its seeds
     */
    public record RateSummary(double learningRate, int trials, int stableTrials, int divergedTrials, double meanLoss,
                              String worstStatus) implements Serializable {
        public boolean stableInEverySeed() {
            return stableTrials == trials;
        }
    }

    /**
     * A judged and ranked trial, as the summary reads it.
     *
     * @param loss    its rank_by loss, NaN when it has none
     * @param falling whether its loss was still falling at the end
     */
    public record RankedTrial(String trialId, double learningRate, long seed, int rank, Status status, boolean stable,
                              boolean falling, double loss) implements Serializable {
    }

    /** The summary of one group's trials. */
    public static GroupSummary of(String optimizer, String schedule, int batchSize, List<RankedTrial> trials,
                                  double recommendTolerance) {
        Map<Double, List<RankedTrial>> byRate = new TreeMap<>();
        for (RankedTrial t : trials) {
            byRate.computeIfAbsent(t.learningRate(), k -> new ArrayList<>()).add(t);
        }
        List<RateSummary> rates = new ArrayList<>();
        for (Map.Entry<Double, List<RankedTrial>> e : byRate.entrySet()) {
            rates.add(rate(e.getKey(), e.getValue()));
        }
        double largestStable = Double.NaN;
        double divergence = Double.NaN;
        double bestLr = Double.NaN;
        double bestLoss = Double.NaN;
        for (RateSummary r : rates) {
            if (r.stableInEverySeed()) {
                largestStable = r.learningRate();
            }
            if (r.divergedTrials() > 0 && Double.isNaN(divergence)) {
                divergence = r.learningRate();
            }
            if (r.divergedTrials() == 0 && r.meanLoss() <= (Double.isNaN(bestLoss) ? Double.POSITIVE_INFINITY : bestLoss)) {
                bestLoss = r.meanLoss();
                bestLr = r.learningRate();
            }
        }
        double recommended = Double.NaN;
        double recommendedLoss = Double.NaN;
        RateSummary firstUnstable = null;
        for (RateSummary r : rates) {
            if (r.stableInEverySeed() && r.meanLoss() <= bestLoss + recommendTolerance * Math.abs(bestLoss)) {
                recommended = r.learningRate();
                recommendedLoss = r.meanLoss();
            }
            if (firstUnstable == null && r.learningRate() > largestStable && !r.stableInEverySeed()) {
                firstUnstable = r;
            }
        }
        RankedTrial best = trials.stream().min(Comparator.comparingInt(RankedTrial::rank)).orElseThrow();
        int seeds = (int) trials.stream().mapToLong(RankedTrial::seed).distinct().count();
        GroupSummary partial = new GroupSummary(optimizer, schedule, batchSize, trials.size(), seeds, recommended,
                recommendedLoss, largestStable, firstUnstable == null ? Double.NaN : firstUnstable.learningRate(),
                firstUnstable == null ? null : firstUnstable.worstStatus(), divergence, bestLr, bestLoss,
                best.trialId(), best.rank(), best.status().label(), List.copyOf(rates), List.of());
        return partial.withWarnings(warnings(partial, trials, recommendTolerance));
    }

    private GroupSummary withWarnings(List<String> list) {
        return new GroupSummary(optimizer, schedule, batchSize, trials, seeds, recommendedLr, recommendedLoss,
                largestStableLr, firstUnstableLr, firstUnstableStatus, divergenceLr, bestLr, bestLoss, bestTrialId,
                bestRank, bestStatus, rates, List.copyOf(list));
    }

    private static RateSummary rate(double lr, List<RankedTrial> seeds) {
        int stable = 0;
        int diverged = 0;
        double sum = 0;
        int losses = 0;
        Status worst = Status.OK;
        for (RankedTrial t : seeds) {
            stable += t.stable() ? 1 : 0;
            diverged += t.status() == Status.DIVERGED ? 1 : 0;
            if (t.status() != Status.DIVERGED && Double.isFinite(t.loss())) {
                sum += t.loss();
                losses++;
            }
            if (t.status().compareTo(worst) < 0) {
                worst = t.status();
            }
        }
        return new RateSummary(lr, seeds.size(), stable, diverged, losses == 0 ? Double.NaN : sum / losses,
                worst.label());
    }

    private static List<String> warnings(GroupSummary g, List<RankedTrial> trials, double tolerance) {
        List<String> out = new ArrayList<>();
        List<RateSummary> rates = g.rates();
        RateSummary top = rates.get(rates.size() - 1);
        RateSummary bottom = rates.get(0);
        if (rates.size() > 1 && g.largestStableLr() == top.learningRate()) {
            out.add("the largest stable rate " + number(top.learningRate()) + " is the top of the ladder: extend it"
                    + " upward");
        }
        Status bottomWorst = Status.valueOf(bottom.worstStatus().toUpperCase());
        if (rates.size() > 1 && bottomWorst.compareTo(Status.OSCILLATING) <= 0) {
            out.add("the smallest rate " + number(bottom.learningRate()) + " already fails (" + bottom.worstStatus()
                    + "): extend the ladder downward");
        }
        boolean anyAlive = false;
        boolean allFalling = true;
        for (RankedTrial t : trials) {
            if (t.status() != Status.DIVERGED) {
                anyAlive = true;
                allFalling &= t.falling();
            }
        }
        if (anyAlive && allFalling) {
            out.add("every rate's loss is still falling at the end: the run is too short to show where it settles;"
                    + " train longer");
        }
        if (Double.isNaN(g.largestStableLr())) {
            out.add("no rate is stable in every seed");
        } else if (Double.isNaN(g.recommendedLr())) {
            out.add("no stable rate's loss is within " + significant(100 * tolerance, 3) + "% of the group's best ("
                    + significant(g.bestLoss(), 4) + " at " + number(g.bestLr()) + ")");
        }
        for (RateSummary r : rates) {
            if (r.stableTrials() > 0 && !r.stableInEverySeed()) {
                out.add("seeds disagree at " + number(r.learningRate()) + ": " + r.stableTrials() + " of " + r.trials()
                        + " stable");
            }
        }
        return out;
    }
}
