package dev.lrsweep.sweep;

import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.rangetest.RangeTestBudget;
import dev.lrsweep.core.schedule.ExponentialRamp;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The range test a sweep runs before it lays an automatic ladder (or that {@code lrsweep find} runs): one run per
 * optimizer × batch size × seed, each a trial of the sweep's own trainer whose rate ramps geometrically
 * ({@link ExponentialRamp}) and which stops once its smoothed mini-batch loss exceeds the stop factor × its lowest.
 *
 * <ul>
 * <li><b>Seeds</b>: the grid's seeds, then the integers after the largest of them, up to {@code range_test.seeds};
 *     a run sees the batches and initial weights of the sweep's trials with that seed. At full batch with zero
 *     initial weights every seed would make the same run, so one is made.</li>
 * <li><b>Length</b>: {@code range_test.steps} updates, cut where needed so that the runs cost at most
 *     {@value RangeTestBudget#SHARE_PERCENT} % of the sweep's sample-gradients ({@link RangeTestBudget}); the ramp
 *     covers the same rates whatever its length.</li>
 * <li><b>Smoothing</b>: the trainer's debiased moving average of the mini-batch loss, with a memory of half a decade
 *     of rate: β = 1 − 2 / (updates per decade).</li>
 * <li>The runs of one batch size and seed see the same mini-batches and train as one block.</li>
 * </ul>
 *
 * @param runs           every run, in order: batch size, seed, optimizer
 * @param blocks         the runs that train together, as indices into runs
 * @param planned        the sample-gradients the runs make if none stops early
 * @param sweepGradients the sample-gradients of the sweep the range test precedes
 */
public record RangeTestPlan(List<Run> runs, List<int[]> blocks, double planned, double sweepGradients)
        implements Serializable {

    /**
     * One run.
     *
     * @param optimizerReadable the optimizer as the trials table writes it
     * @param batchSize         the real batch size
     * @param gridBatchSize     the batch size as the grid gives it ({@link SweepConfig.Grid#FULL_BATCH} for full)
     * @param seed              the grid seed whose batches and initial weights it uses
     * @param steps             its updates, when it does not stop early
     */
    public record Run(Spec optimizer, String optimizerReadable, int batchSize, int gridBatchSize, long seed, int steps)
            implements Serializable {
    }

    /**
     * Plans the range test of a sweep over its training data.
     *
     * @param sweepGradients the sample-gradients of the sweep it precedes ({@link #sweepGradients})
     */
    public static RangeTestPlan of(SweepConfig config, TrialPlanner planner, double sweepGradients) {
        List<Integer> grid = config.grid().batchSizes();
        long rows = planner.trainingRows();
        int[] batches = new int[grid.size()];
        int[] runs = new int[grid.size()];
        List<List<Long>> seeds = new ArrayList<>();
        List<Spec> optimizers = config.grid().optimizers();
        for (int i = 0; i < batches.length; i++) {
            batches[i] = TrialPlanner.realBatchSize(grid.get(i), rows);
            boolean identical = batches[i] >= rows && config.model().init().type().equals("zeros");
            List<Long> s = seeds(config, identical ? 1 : config.rangeTest().seeds());
            seeds.add(s);
            runs[i] = optimizers.size() * s.size();
        }
        // a sweep file's own ladder fixes the sweep, so one cold-start check per group is kept from the ramps'
        // budget; an automatic ladder's sweep is known only once laid, and is larger than its fewest rates
        double reserved = 0;
        for (int b : batches) {
            reserved += config.grid().auto() != null ? 0 : optimizers.size() * checkGradients(config, b, rows);
        }
        int[] steps = RangeTestBudget.steps(batches, runs, config.rangeTest().steps(),
                (i, s) -> TrialPlanner.sampleGradients(s, batches[i], rows), sweepGradients, reserved);
        List<Run> all = new ArrayList<>();
        List<int[]> blocks = new ArrayList<>();
        double planned = 0;
        for (int i = 0; i < batches.length; i++) {
            for (long seed : seeds.get(i)) {
                int[] block = new int[optimizers.size()];
                for (int o = 0; o < optimizers.size(); o++) {
                    block[o] = all.size();
                    all.add(new Run(optimizers.get(o), Optimizers.create(optimizers.get(o)).readable(), batches[i],
                            grid.get(i), seed, steps[i]));
                    planned += TrialPlanner.sampleGradients(steps[i], batches[i], rows);
                }
                blocks.add(block);
            }
        }
        return new RangeTestPlan(List.copyOf(all), List.copyOf(blocks), planned, sweepGradients);
    }

    /** The sample-gradients of one cold-start check of a suggestion: a trial of the sweep at that batch size. */
    public static double checkGradients(SweepConfig config, int batchSize, long rows) {
        return TrialPlanner.sampleGradients(TrialPlanner.totalSteps(config, batchSize, rows), batchSize, rows);
    }

    /**
     * The sample-gradients of a sweep's trials, and of an automatic sweep's at the least: its ladder has at least
     * ⌊span × per_decade⌋ + 1 rates, for the range test's share is taken of the sweep it precedes.
     */
    public static double sweepGradients(SweepConfig config, TrialPlanner planner) {
        SweepConfig.AutoLadder auto = config.grid().auto();
        SweepConfig oneRate = config.withLearningRates(List.of(1.0));
        double perRate = 0;
        for (TrialSpec t : Grid.expand(oneRate)) {
            perRate += planner.sampleGradients(t);
        }
        int rates = auto == null ? config.grid().learningRates().size()
                : (int) Math.floor(auto.span() * auto.perDecade()) + 1;
        return perRate * rates;
    }

    /** The range test's seeds: the grid's, then the integers after their largest, {@code count} in all. */
    static List<Long> seeds(SweepConfig config, int count) {
        List<Long> out = new ArrayList<>();
        for (long s : config.grid().seeds()) {
            if (out.size() < count) {
                out.add(s);
            }
        }
        long next = config.grid().seeds().stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
        while (out.size() < count) {
            out.add(next++);
        }
        return out;
    }

    /** The trainer's plan of run i: the sweep's trainer, with the ramp, the stop and the range test's smoothing. */
    public TrialPlan plan(int i, SweepConfig config, TrialPlanner planner) {
        Run run = runs.get(i);
        SweepConfig.RangeTest r = config.rangeTest();
        ExponentialRamp ramp = new ExponentialRamp(r.from(), r.to(), run.steps());
        TrainingSettings sweep = config.trainingSettings();
        TrainingSettings settings = new TrainingSettings(sweep.shuffle(), EvaluationCadence.pointsPerRun(1), 1,
                sweep.clipGradNorm(), sweep.divergenceFactor(), smoothing(ramp), r.stopFactor());
        return planner.plan(run.optimizer(), ramp, run.batchSize(), run.steps(), run.seed(), settings);
    }

    /** β = 1 − 2 / (updates per decade): a memory of half a decade of rate (0 for very coarse ramps). */
    static double smoothing(ExponentialRamp ramp) {
        return Math.max(0, 1 - 2 / ramp.stepsPerDecade());
    }

    /** The updates per run at each real batch size. */
    public Map<Integer, Integer> stepsByBatchSize() {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (Run r : runs) {
            out.put(r.batchSize(), r.steps());
        }
        return out;
    }

    /** The planned cost in percent of the sweep's. */
    public double plannedPercent() {
        return RangeTestBudget.percent(planned, sweepGradients);
    }

    /** True when even the fewest updates per run cost more than the budget allows. */
    public boolean overBudget() {
        return plannedPercent() > RangeTestBudget.SHARE_PERCENT + 1e-9;
    }
}
