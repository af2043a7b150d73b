package dev.lrsweep.sweep;

import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Models;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedule;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.errors.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns trials into training plans once the training data's shape is known: the real batch size (for
 * {@code full}), the run length, the schedule built for that length, and the seeds.
 *
 * <p>A trial's randomness, its epoch shuffles and its initial parameters, comes from the sweep seed and the
 * trial's grid seed alone: never from where or when it runs, so a retried task repeats its trial bit for bit.
 * Trials that differ only in learning rate, optimizer, schedule or clipping therefore see the same mini-batches in
 * the same order from the same start (trials that differ in initial scale, from the same start scaled), which
 * makes them directly comparable.
 */
public final class TrialPlanner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SweepConfig config;
    private final Model model;
    private final long trainingRows;
    private final TrainingSettings settings;

    public TrialPlanner(SweepConfig config, int features, int classes, long trainingRows) {
        this.config = config;
        this.model = Models.create(config.model().architecture(), features, classes);
        this.trainingRows = trainingRows;
        this.settings = config.trainingSettings();
    }

    public Model model() {
        return model;
    }

    /** The batch size a trial really uses. */
    public int batchSize(TrialSpec trial) {
        return realBatchSize(trial.batchSize(), trainingRows);
    }

    /** The number of updates a trial makes. */
    public long totalSteps(TrialSpec trial) {
        return totalSteps(config, batchSize(trial), trainingRows);
    }

    /** The batch size a grid's batch size means over {@code rows} training rows ({@code full}: all of them). */
    public static int realBatchSize(int gridBatchSize, long rows) {
        return gridBatchSize == SweepConfig.Grid.FULL_BATCH ? (int) rows : gridBatchSize;
    }

    /** The updates a trial of the sweep makes at a real batch size over {@code rows} training rows. */
    public static long totalSteps(SweepConfig config, int batchSize, long rows) {
        return config.train().budget().totalSteps(TrialPlan.stepsPerEpoch(rows, batchSize));
    }

    /**
     * A warning when some batch size of the grid would give its trials fewer than
     * {@value EvaluationCadence#FEWEST_TRUSTED_POINTS} evaluated points, so that their verdicts would rest on
     * little evidence; null when every trial gets enough.
     */
    public static String sparseEvaluationWarning(SweepConfig config, long rows) {
        List<String> sparse = new ArrayList<>();
        long fewest = Long.MAX_VALUE;
        for (int b : config.grid().batchSizes()) {
            int batch = realBatchSize(b, rows);
            if (batch < 1 || batch > rows) {
                continue;
            }
            long steps = totalSteps(config, batch, rows);
            long points = config.train().evaluation().count(steps);
            if (points < EvaluationCadence.FEWEST_TRUSTED_POINTS) {
                sparse.add((b == SweepConfig.Grid.FULL_BATCH ? "full" : Integer.toString(b)) + " (" + steps
                        + (steps == 1 ? " update" : " updates") + ")");
                fewest = Math.min(fewest, points);
            }
        }
        if (sparse.isEmpty()) {
            return null;
        }
        return "warning: trials at batch size " + String.join(", ", sparse) + " get as few as " + fewest
                + " evaluated points (fewer than " + EvaluationCadence.FEWEST_TRUSTED_POINTS + "), so their verdicts"
                + " rest on little evidence; give them more updates (train.epochs or train.steps)"
                + (config.train().evaluation().every() > 0 ? " or evaluate more often (train.evaluations)" : "");
    }

    /** The seed of a trial's shuffles: from the sweep seed and the trial's grid seed. */
    public long dataSeed(TrialSpec trial) {
        return SplitMix64.derive(config.seed(), trial.seed());
    }

    public TrialPlan plan(TrialSpec trial) {
        long total = totalSteps(trial);
        return plan(trial.optimizer(), Schedules.create(trial.schedule(), trial.learningRate(), total).schedule(),
                batchSize(trial), total, trial.seed(), trial.initScale(), settings.withClipGradNorm(trial.clipGradNorm()));
    }

    /**
     * A run of the sweep's model on its data that is not one of its trials (a range-test run): the given optimizer,
     * schedule, real batch size, length and settings, with the shuffles and initial weights of grid seed
     * {@code gridSeed}, as the sweep's trials of that seed have them (at the model's initial scale).
     */
    public TrialPlan plan(Spec optimizer, Schedule schedule, int batchSize, long totalSteps, long gridSeed,
                          TrainingSettings runSettings) {
        return plan(optimizer, schedule, batchSize, totalSteps, gridSeed, config.model().initScale(), runSettings);
    }

    private TrialPlan plan(Spec optimizer, Schedule schedule, int batchSize, long totalSteps, long gridSeed,
                           double initScale, TrainingSettings runSettings) {
        long seed = SplitMix64.derive(config.seed(), gridSeed);
        return new TrialPlan(model, Optimizers.create(optimizer).optimizer(), schedule, batchSize, totalSteps, seed,
                initialParameters(gridSeed, initScale), runSettings);
    }

    /** The initial parameters of the trials with grid seed {@code gridSeed}, at the model's initial scale. */
    public double[] initialParameters(long gridSeed) {
        return initialParameters(gridSeed, config.model().initScale());
    }

    /** The initial parameters of the trials with grid seed {@code gridSeed} and this initial scale (mlp). */
    public double[] initialParameters(long gridSeed, double initScale) {
        long seed = SplitMix64.derive(config.seed(), gridSeed);
        return Models.initialParameters(model, config.model().init(), SplitMix64.derive(seed, -1), initScale);
    }

    /** The training rows. */
    public long trainingRows() {
        return trainingRows;
    }

    /** The sample-gradients (one row's gradient, the unit of training work) a trial makes. */
    public double sampleGradients(TrialSpec trial) {
        return sampleGradients(totalSteps(trial), batchSize(trial), trainingRows);
    }

    /**
     * The sample-gradients of {@code steps} updates at batch size {@code batch} over {@code rows} rows: whole epochs
     * of every row, then the batches of the last, partial epoch (its last batch may be short).
     */
    public static double sampleGradients(long steps, int batch, long rows) {
        long perEpoch = TrialPlan.stepsPerEpoch(rows, batch);
        return (double) (steps / perEpoch) * rows + Math.min((steps % perEpoch) * batch, rows);
    }

    /**
     * Checks, before any training, what depends on the data: batch sizes against the training rows and
     * schedules against the run lengths (a warm-up longer than the run, a one-cycle phase with no steps).
     *
     * @throws ConfigException naming the grid entry
     */
    /** The most points one trial's curve may record: about 300 MB of curve, held whole while it is judged. */
    public static final long MAX_CURVE_POINTS = 1L << 22;

    /** The points trial t's curve records at most: every log_every updates, every evaluation, step 0 and the last. */
    public long curvePoints(TrialSpec t) {
        long steps = totalSteps(t);
        return steps / config.train().logEvery() + config.train().evaluation().count(steps) + 2;
    }

    private void requireCurveFits(TrialSpec t) {
        long points = curvePoints(t);
        if (points > MAX_CURVE_POINTS) {
            long logEvery = Math.max(config.train().logEvery() + 1L, totalSteps(t) / (MAX_CURVE_POINTS / 2));
            throw new ConfigException("train: a trial of " + totalSteps(t) + " updates (batch size " + batchSize(t)
                    + ") would record about " + points + " curve points, " + (points * 72 >> 20) + " MiB of curve"
                    + " (at most " + MAX_CURVE_POINTS + "); raise train.log_every to " + logEvery + " or more, or"
                    + " train fewer updates");
        }
    }

    public void check(List<TrialSpec> trials) {
        List<Integer> batches = config.grid().batchSizes();
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i) != SweepConfig.Grid.FULL_BATCH && batches.get(i) > trainingRows) {
                throw new ConfigException("grid.batch_sizes[" + i + "] (" + batches.get(i) + ") exceeds the "
                        + trainingRows + " training rows; use a smaller size, or full for full-batch training");
            }
        }
        for (TrialSpec t : trials) {
            try {
                requireCurveFits(t);
                Schedules.create(t.schedule(), t.learningRate(), totalSteps(t));
            } catch (SpecException e) {
                int i = config.grid().schedules().indexOf(t.schedule());
                throw new ConfigException("grid.schedules[" + i + "]." + e.getMessage() + " (batch size "
                        + batchSize(t) + ", " + config.train().budget() + ")");
            } catch (ArithmeticException e) {
                throw new ConfigException("train: the run of trial " + t.trialId() + " is too long to count");
            }
        }
    }
}
