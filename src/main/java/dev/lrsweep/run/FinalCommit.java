package dev.lrsweep.run;

import dev.lrsweep.report.DataDescription;
import dev.lrsweep.results.BatchScalingTable;
import dev.lrsweep.results.SweepReports;
import dev.lrsweep.sweep.ResolvedSweep;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialSpec;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The committed waves of a work directory: what a resumed run reads from them, and the final commit that turns
 * them into the output once every trial is in.
 *
 * <p>The final commit judges and ranks from every wave's evidence (a trial's verdict needs its rate's noise floor
 * and its group's progress, so no wave can be judged alone), writes {@code trials/} and {@code summary/} into the
 * work directory's {@code commit/}, moves the waves' curves part files there (no rewrite), adds {@code sweep.yaml},
 * {@code data.yaml}, {@code report.html} and the marker, renames it into place as the output and deletes the work
 * directory. Every step can be repeated, so a driver lost during the commit is resumed like any other.
 */
final class FinalCommit {
    /**
     * What the committed waves hold.
     *
     * @param waves     how many waves are committed
     * @param lastWave  the highest wave number, 0 when none
     * @param trialIds  the trials they hold
     * @param diverged  how many of those diverged
     */
    record Committed(int waves, int lastWave, Set<String> trialIds, long diverged) {
    }

    private FinalCommit() {
    }

    /** Reads the committed waves' trial ids and divergences. */
    static Committed committed(SparkSession spark, WorkDirectory work) {
        List<Path> waves = work.waves();
        if (waves.isEmpty()) {
            return new Committed(0, 0, Set.of(), 0);
        }
        Set<String> ids = new HashSet<>();
        long diverged = 0;
        List<Row> rows = spark.read().parquet(evidence(waves)).select("trial_id", "e_diverged_at").collectAsList();
        for (Row r : rows) {
            if (!ids.add(r.getString(0))) {
                throw new IllegalStateException("work directory " + work + " holds trial " + r.getString(0)
                        + " twice; pass --overwrite to start the sweep again");
            }
            diverged += r.getLong(1) >= 0 ? 1 : 0;
        }
        return new Committed(waves.size(), WorkDirectory.number(waves.get(waves.size() - 1)), ids, diverged);
    }

    /** Judges, ranks and commits every trial of the committed waves; returns the output's path. */
    static Path commit(SparkSession spark, SweepConfig config, List<TrialSpec> trials, WorkDirectory work,
                       OutputDirectory output, WorkDirectory.Run run, DataDescription data) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path staging = work.commitDir();
        try {
            jsc.setJobDescription("lrsweep " + config.name() + ": verdicts and ranks");
            Dataset<Row> evidence = spark.read().parquet(evidence(work.waves()));
            requireEveryTrialOnce(evidence, trials, work);
            Dataset<Row> ranked = Tables.rank(Judge.apply(evidence, config.diagnose().thresholds()),
                    config.rankBy());
            Path trialsPath = new Path(staging, "trials");
            Path summaryPath = new Path(staging, "summary");
            work.remove(trialsPath);
            work.remove(summaryPath);
            ranked.coalesce(1).sortWithinPartitions("rank").write().parquet(trialsPath.toString());
            jsc.setJobDescription("lrsweep " + config.name() + ": summary");
            Judge.summary(spark.read().parquet(trialsPath.toString()), config.rankBy(),
                            config.diagnose().thresholds().recommendTolerance())
                    .coalesce(1).sortWithinPartitions("group_index").write().parquet(summaryPath.toString());
            Path scalingPath = new Path(staging, "batch_scaling");
            work.remove(scalingPath);
            BatchScalingTable.write(spark, summaryPath.toString(), scalingPath.toString());
        } finally {
            jsc.setJobDescription(null);
        }
        work.moveCurves(new Path(staging, "curves"));
        work.writeOver(new Path(staging, "sweep.yaml"), ResolvedSweep.yaml(config));
        work.writeOver(new Path(staging, DataDescription.FILE), data.toYaml());
        SweepReports.writeInto(spark, output.fileSystem(), staging, output.given());
        work.writeOver(new Path(staging, OutputDirectory.MARKER), "lrsweep wrote this directory; lrsweep run"
                + " --overwrite may replace it.\nversion: " + Version.get() + "\nsweep: " + config.name()
                + "\nrun: " + run.id() + "\nwritten: " + Instant.now() + "\n");
        output.commit(staging, run.replaces() ? OutputMode.OVERWRITE : OutputMode.NEW);
        work.delete();
        return output.path();
    }

    /** A last check before anything becomes visible: the waves hold each of the sweep's trials exactly once. */
    private static void requireEveryTrialOnce(Dataset<Row> evidence, List<TrialSpec> trials, WorkDirectory work) {
        Set<String> expected = new HashSet<>();
        for (TrialSpec t : trials) {
            expected.add(t.trialId());
        }
        List<Row> ids = evidence.select("trial_id").collectAsList();
        Set<String> found = new HashSet<>();
        for (Row r : ids) {
            found.add(r.getString(0));
        }
        if (ids.size() != trials.size() || !found.equals(expected)) {
            throw new IllegalStateException("work directory " + work + " holds " + ids.size() + " trial rows ("
                    + found.size() + " distinct) for a sweep of " + trials.size() + " trials; pass --overwrite to"
                    + " start the sweep again");
        }
    }

    private static String[] evidence(List<Path> waves) {
        return waves.stream().map(w -> new Path(w, "evidence").toString()).toArray(String[]::new);
    }
}
