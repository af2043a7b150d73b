package dev.lrsweep.run;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.io.DataLoader;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.report.DataDescription;
import dev.lrsweep.report.ReportPage;
import dev.lrsweep.results.EdgeReport;
import dev.lrsweep.results.Report;
import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.ResolvedSweep;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * A sweep from its checked configuration to committed results, in waves that survive a lost driver.
 *
 * <ol>
 * <li>Checks, before any training job and before anything is written: the output directory and its work
 *     directory ({@link WorkDirectory}; with {@link OutputMode#RESUME}, that it exists and holds this very sweep),
 *     the data ({@link DataLoader}; resuming, that its fingerprint is unchanged, {@link DataFingerprint}), the
 *     grid against the data ({@link TrialPlanner#check}).</li>
 * <li>Creates the work directory (or, resuming, reads which trials its committed waves hold) and cuts the
 *     trials still to train into waves ({@link WavePlan}).</li>
 * <li>Broadcasts the packed data once per executor and trains each wave as one Spark job over task slices of
 *     blocks of trials that share mini-batches ({@link Slicing}); each wave's curves and evidence are committed
 *     to the work directory by a rename before the next wave starts ({@link WaveTrainer}).</li>
 * <li>Once every trial is in: verdicts, ranks, {@code trials/}, {@code summary/}, the waves' curves moved into
 *     {@code curves/}, {@code sweep.yaml}, {@code data.yaml}, {@code report.html} and the marker, renamed into
 *     place as the output; then the work directory is deleted ({@link FinalCommit}).</li>
 * </ol>
 */
public final class SweepJob {
    private final SparkSession spark;
    /** The sweep as given: with {@code learning_rates: auto}, before its ladder is laid. */
    private final SweepConfig given;
    /** The sweep that runs: the given one, with its ladder once an automatic one is laid (or read back). */
    private SweepConfig config;
    private final OutputMode mode;
    private final PrintWriter out;
    /** How often the progress line is refreshed while trials run. */
    private static final long PROGRESS_MILLIS = 3000;
    private int waveTrials;
    private double commitSeconds = ShardedWaveTrainer.DEFAULT_COMMIT_SECONDS;
    private volatile Standing standing = new Standing(false, -1, 0, false);

    /**
     * What stopping the run now would leave behind.
     *
     * @param resumable whether its work directory exists, so that {@code --resume} carries on with it
     * @param committed how many trials its committed waves hold; −1 while that is not known yet
     * @param trials    the trials of the grid; 0 while that is not known yet
     * @param complete  whether the results are in place
     */
    public record Standing(boolean resumable, int committed, int trials, boolean complete) {
        Standing committed(int trials) {
            return new Standing(resumable, trials, this.trials, complete);
        }
    }

    public SweepJob(SparkSession spark, SweepConfig config, OutputMode mode, PrintWriter out) {
        this.spark = spark;
        this.given = config;
        this.config = config;
        this.mode = mode;
        this.out = out;
    }

    /**
     * The most trials in a wave (at least 1); without it, {@code 64 × Spark's default parallelism} (one full-width
     * block of trials per core) or a 16th of the trials, whichever is more ({@link WavePlan#defaultWaveTrials}).
     */
    public SweepJob waveTrials(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("waves need at least 1 trial, not " + trials);
        }
        this.waveTrials = trials;
        return this;
    }

    /**
     * How long, at least, the sharded layout trains a wave between two commits of its trials' states (0: after
     * every round); without it, {@link ShardedWaveTrainer#DEFAULT_COMMIT_SECONDS}. A wave's end always commits it.
     */
    public SweepJob commitSeconds(double seconds) {
        if (!isCommitPeriod(seconds)) {
            throw new IllegalArgumentException("the commit period must be a finite number of seconds ≥ 0, not "
                    + seconds);
        }
        this.commitSeconds = seconds;
        return this;
    }

    /** Whether {@link #commitSeconds} takes this: a finite number of seconds, 0 or more. */
    public static boolean isCommitPeriod(double seconds) {
        return seconds >= 0 && !Double.isInfinite(seconds);
    }

    /** What stopping the run now would leave behind; safe to ask from any thread. */
    public Standing standing() {
        return standing;
    }

    /** Runs the sweep; returns the committed output directory (resuming a complete one, without any work). */
    public Path run() {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        OutputDirectory output = OutputDirectory.check(conf, config.output(), mode);
        WorkDirectory work = WorkDirectory.of(output.fileSystem(), output.path(), output.given());
        boolean automatic = given.grid().auto() != null;
        WorkDirectory.Run run;
        if (mode == OutputMode.RESUME) {
            run = resumable(output, work);
            if (run == null) {
                standing = new Standing(false, -1, 0, true);
                return output.path();
            }
            standing = new Standing(true, -1, 0, false);
            // The files first, before the data is read; the rows once it is.
            requireSameData(DataFingerprint.withoutRows(work.fingerprint()), DataFingerprint.files(conf, config));
        } else {
            if (work.exists()) {
                work.requireMarker();
                if (mode == OutputMode.NEW) {
                    throw new ConfigException("output " + output.given() + " has the work directory of an interrupted"
                            + " run, " + work + "; pass --resume to carry on with it, or --overwrite to start"
                            + " the sweep again");
                }
            }
            run = new WorkDirectory.Run(WorkDirectory.newRunId(), mode == OutputMode.OVERWRITE);
        }
        out.println("sweep " + config.name() + ": reading " + config.data().path());
        out.flush();
        long reading = System.nanoTime();
        TrainingData data = DataLoader.load(spark, config);
        double prepared = (System.nanoTime() - reading) / 1e9;
        describe(data, prepared);
        TrialPlanner planner = new TrialPlanner(config, data.features(), data.classes(), data.trainingRows());
        if (data.sharded() && automatic) {
            data.shards().release();
            throw new ConfigException(SweepConfig.AUTO_LADDER_IN_SHARDED_LAYOUT);
        }
        // The landscape and the range test depend only on the sweep as given and the data: a resumed run makes
        // only what its interrupted run had not yet staged, and keeps the ladder that run laid.
        boolean staged = mode == OutputMode.RESUME && work.staged("landscape")
                && (!automatic || work.staged("range_test"));
        try (RangeFinder finder = staged ? null : RangeFinder.run(spark, given, data, planner, automatic, out)) {
            // from here on the sharded layout's cached shards are released once trained, or on a refusal
            if (finder != null && mode != OutputMode.RESUME) {
                config = finder.resolved();
            }
            List<TrialSpec> trials = Grid.expand(config);
            standing = new Standing(standing.resumable(), standing.committed(), trials.size(), false);
            planner.check(trials);
            if (data.sharded()) {
                requireBatchesFitShards(data, planner, trials);
            }
            String sparse = TrialPlanner.sparseEvaluationWarning(config, data.trainingRows());
            if (sparse != null) {
                out.println(sparse);
                out.flush();
            }
            String seeds = Grid.identicalSeeds(config, data.trainingRows());
            if (seeds != null) {
                out.println(seeds);
                out.flush();
            }

            String fingerprint = DataFingerprint.of(conf, config, data);
            FinalCommit.Committed committed;
            if (mode == OutputMode.RESUME) {
                requireSameData(work.fingerprint(), fingerprint);
                work.deleteGarbage();
                committed = FinalCommit.committed(spark, work);
            } else {
                work.delete(); // only ever one that carries the marker: checked above
                work.create(run, config.name(), ResolvedSweep.yaml(config), fingerprint);
                committed = new FinalCommit.Committed(0, 0, Set.of(), 0);
            }
            if (finder != null) {
                Path staging = work.commitDir();
                for (String table : RangeFinder.TABLES) {
                    work.remove(new Path(staging, table));
                }
                finder.write(staging.toString());
            }
            standing = new Standing(true, committed.trialIds().size(), trials.size(), false);
            train(data, trials, planner, committed, work);
            release(data);
            SweepConfig ran = config.withData(config.data().withLayout(data.layout(),
                    data.sharded() ? data.shards().shards() : SweepConfig.Data.AUTO_SHARDS));
            FinalCommit.commit(spark, ran, trials, work, output, run, description(data));
            standing = new Standing(false, trials.size(), trials.size(), true);
            Report.print(spark, output.path().toString(), config.rankBy(),
                    config.diagnose().thresholds().recommendTolerance(), trials.size(), out);
            EdgeReport.print(spark, output.path().toString(), config.grid().optimizers(), data.trainingRows(),
                    out);
            out.println("Report: " + new Path(output.path(), ReportPage.FILE));
            out.flush();
        } finally {
            release(data);
        }
        return output.path();
    }

    /**
     * The resolved sweep to compare with an interrupted or finished run's: with an automatic ladder, the sweep with
     * that run's ladder, which then becomes this run's (a range test laid it from the same sweep and data).
     */
    private String resolvedAgainst(String earlier) {
        if (given.grid().auto() != null && earlier != null) {
            try {
                SweepConfig before = SweepFile.parse(earlier, given.name());
                if (before.grid().auto() == null) {
                    config = given.withLearningRates(before.grid().learningRates());
                }
            } catch (ConfigException e) {
                // not a sweep this version reads: the comparison below tells what differs
            }
        }
        return ResolvedSweep.yaml(config);
    }

    /**
     * The run a resumed sweep continues, after checking that it may: null (said in one line) when the output is
     * already complete.
     */
    private WorkDirectory.Run resumable(OutputDirectory output, WorkDirectory work) {
        if (!work.exists()) {
            String done = output.readIfResults("sweep.yaml");
            String difference = done == null ? null : SweepDifference.of(done, resolvedAgainst(done));
            if (done != null && difference == null) {
                complete(output);
                return null;
            }
            throw new ConfigException("nothing to resume: there is no work directory " + work + " of an"
                    + " interrupted run" + (done == null ? "" : ", and output " + output.given() + " holds the results"
                    + " of another sweep (" + difference + " differ)") + "; run without --resume to start the sweep");
        }
        work.requireMarker();
        String difference = SweepDifference.of(work.sweep(), resolvedAgainst(work.sweep()));
        if (difference != null) {
            throw new ConfigException("cannot resume: the sweep differs from the interrupted run's in " + difference
                    + "; resume with the same sweep file, or pass --overwrite to start the sweep again");
        }
        WorkDirectory.Run run = work.run();
        String marker = output.readIfResults(OutputDirectory.MARKER);
        if (marker != null && !run.id().isEmpty() && marker.lines().anyMatch(l -> l.equals("run: " + run.id()))) {
            work.delete(); // the driver was lost after the final rename: only the clean-up was left
            complete(output);
            return null;
        }
        output.checkReplace(run.replaces() ? OutputMode.OVERWRITE : OutputMode.NEW);
        return run;
    }

    private static void requireSameData(String before, String now) {
        String difference = DataFingerprint.difference(before, now);
        if (difference != null) {
            throw new ConfigException("cannot resume: " + difference + " since the interrupted run; pass --overwrite"
                    + " to start the sweep again");
        }
    }

    private void complete(OutputDirectory output) {
        out.println("output " + output.given() + " is already complete: nothing to resume");
        out.flush();
    }

    /** The data as the report and {@code data.yaml} describe it. */
    private DataDescription description(TrainingData data) {
        SweepConfig.Data d = config.data();
        String validation = d.validationPath() != null ? d.validationPath()
                : d.validationFraction() > 0 ? "a seeded " + Format.number(d.validationFraction()) + " of the rows"
                : null;
        return new DataDescription(d.path(), data.trainingRows(), data.validationRows(), validation,
                data.featureNames(), data.classes(), data.standardization() != null,
                data.standardization() == null ? List.of() : data.standardization().constant(), data.notes());
    }

    private void describe(TrainingData data, double seconds) {
        out.println("data: " + Format.count(data.trainingRows(), "training row") + ", " + (data.validation() == null
                ? "no validation rows" : Format.count(data.validationRows(), "validation row")) + ", "
                + Format.count(data.features(), "feature") + (data.classes() > 0 ? ", "
                + Format.count(data.classes(), "class") : "")
                + (data.standardization() != null ? ", standardised" : "") + "; read and packed in "
                + Format.significant(seconds, 2) + " s");
        for (String note : data.notes()) {
            out.println("  " + note);
        }
        out.flush();
    }

    /** Releases the sharded layout's cached shards (again does nothing). */
    private static void release(TrainingData data) {
        if (data.sharded()) {
            data.shards().release();
        }
    }

    /** The sharded layout trains batches up to the smallest shard's rows (a batch spans at most two shards). */
    private static void requireBatchesFitShards(TrainingData data, TrialPlanner planner, List<TrialSpec> trials) {
        long smallest = data.shards().smallestShard();
        for (TrialSpec t : trials) {
            int b = planner.batchSize(t);
            if (b > smallest) {
                throw new ConfigException("batch size " + (b == data.trainingRows() ? "full (" + b + ")" : b)
                        + " exceeds the smallest of the " + data.shards().shards() + " shards, " + smallest
                        + " rows; the sharded layout trains batches up to a shard's rows: give fewer data.shards"
                        + " or smaller grid.batch_sizes");
            }
        }
    }

    private void train(TrainingData data, List<TrialSpec> trials, TrialPlanner planner,
                       FinalCommit.Committed committed, WorkDirectory work) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parallelism = jsc.defaultParallelism();
        long evalRows = data.evaluation() != null ? data.evaluation().rows()
                : data.evalOrder() == null ? data.trainingRows() : data.evalOrder().length;
        RoundCheckpoints.Checkpoint inProgress = data.sharded() && mode == OutputMode.RESUME
                ? new RoundCheckpoints(work).latest() : null;
        Set<Integer> inFlight = new java.util.HashSet<>();
        if (inProgress != null) {
            for (int i : inProgress.trials()) {
                inFlight.add(i);
            }
        }
        double[] costs = new double[trials.size()];
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            costs[i] = Slicing.cost(planner, trials.get(i), config.train(), evalRows, data.evaluatedValidationRows());
            if (!committed.trialIds().contains(trials.get(i).trialId()) && !inFlight.contains(i)) {
                remaining.add(i);
            }
        }
        int size = waveTrials > 0 ? waveTrials : WavePlan.defaultWaveTrials(parallelism, trials.size());
        List<WavePlan.Wave> waves = new ArrayList<>();
        if (inProgress != null) {
            List<int[]> blocksInFlight = new ArrayList<>();
            inProgress.blocks().forEach(b -> blocksInFlight.add(b.trials()));
            waves.add(new WavePlan.Wave(inProgress.wave(), inProgress.trials(), blocksInFlight.size(),
                    java.util.Collections.singletonList(blocksInFlight.toArray(new int[0][]))));
        }
        waves.addAll(WavePlan.plan(trials, remaining, planner, costs, parallelism, size,
                inProgress != null ? inProgress.wave() + 1 : committed.lastWave() + 1));
        int last = waves.isEmpty() ? committed.lastWave() : waves.get(waves.size() - 1).number();
        remaining.addAll(inFlight);
        if (committed.waves() > 0 || inProgress != null) {
            out.println("resume: " + committed.trialIds().size() + " of " + trials.size() + " trials are committed in "
                    + committed.waves() + (committed.waves() == 1 ? " wave" : " waves") + " (" + committed.diverged()
                    + " diverged); " + (remaining.isEmpty() ? "writing the tables" : remaining.size() + " left"));
        }
        if (inProgress != null) {
            out.println("resume: wave " + inProgress.wave() + " carries on after round " + inProgress.round() + " with"
                    + " its " + inProgress.trials().length + " trials' committed states");
        }
        if (waves.isEmpty()) {
            out.flush();
            return;
        }
        int blocks = waves.stream().mapToInt(WavePlan.Wave::blocks).sum();
        int tasks = waves.stream().mapToInt(w -> w.tasks().size()).sum();
        int widest = waves.stream().mapToInt(w -> w.trials().length).max().orElse(0);
        out.println("grid: " + Format.count(remaining.size(), "trial") + (committed.waves() > 0 ? " left" : "") + " in "
                + Format.count(blocks, "block") + (blocks < remaining.size() ? " that share mini-batches, " : ", ")
                + Format.count(tasks, "task") + ", " + (waves.size() == 1 ? "1 wave"
                : waves.size() + " waves of up to " + Format.count(widest, "trial")));
        out.flush();

        Broadcast<?> payload = data.sharded()
                ? jsc.broadcast(new ShardedPayload(data.evaluation(), data.validation(), data.shards().shardRows(),
                planner, trials))
                : jsc.broadcast(new SweepPayload(data.train(), data.validation(), data.evalOrder(), planner, trials));
        LongAccumulator done = jsc.sc().longAccumulator("lrsweep trials done");
        LongAccumulator diverged = jsc.sc().longAccumulator("lrsweep trials diverged");
        @SuppressWarnings("unchecked")
        WaveTrainer trainer = data.sharded() ? null
                : new WaveTrainer(spark, work, config.name(), (Broadcast<SweepPayload>) payload, done, diverged);
        @SuppressWarnings("unchecked")
        ShardedWaveTrainer sharded = !data.sharded() ? null : new ShardedWaveTrainer(spark, work, config.name(),
                data.shards(), (Broadcast<ShardedPayload>) payload, done, diverged, out, commitSeconds);
        long started = System.nanoTime();
        try (Progress progress = new Progress(out, trials.size(), committed.trialIds().size(), committed.diverged(),
                done, diverged, PROGRESS_MILLIS)) {
            int inWaves = committed.trialIds().size();
            for (WavePlan.Wave wave : waves) {
                long waveStarted = System.nanoTime();
                if (sharded != null) {
                    sharded.train(wave, last, inProgress != null && wave.number() == inProgress.wave() ? inProgress
                            : null);
                } else {
                    trainer.train(wave, last);
                }
                inWaves += wave.trials().length;
                standing = standing.committed(inWaves);
                out.println("wave " + wave.number() + "/" + last + " committed: " + wave.trials().length
                        + " trials in " + Progress.clock((System.nanoTime() - waveStarted) / 1e9) + ", " + inWaves
                        + "/" + trials.size() + " in committed waves");
                out.flush();
            }
        } finally {
            payload.destroy();
        }
        out.println("trained " + Format.count(done.value(), "trial") + " in " + waves.size() + (waves.size() == 1 ? " wave" : " waves")
                + (sharded != null ? " (" + sharded.rounds() + " rounds at " + data.shards().shards() + " shards)" : "")
                + " in " + Progress.clock((System.nanoTime() - started) / 1e9) + (committed.waves() > 0 ? "; "
                + committed.trialIds().size() + " were committed before" : ""));
        out.flush();
    }
}
