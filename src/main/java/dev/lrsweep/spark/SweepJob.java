package dev.lrsweep.spark;

import dev.lrsweep.core.diagnose.Thresholds;
import dev.lrsweep.io.DataLoader;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.ResolvedSweep;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * A sweep from its checked configuration to committed results.
 *
 * <ol>
 * <li>Checks, before any training job and before anything is written: the output directory, the data
 *     ({@link DataLoader}), the grid against the data ({@link TrialPlanner#check}).</li>
 * <li>Broadcasts the packed data once per executor and runs the trials as tasks over an RDD of slices, each a
 *     few blocks of trials that share mini-batches ({@link Slicing}); the outcomes are cached serialised on the
 *     executors (memory, then disk).</li>
 * <li>Writes {@code curves/} from the cached outcomes (that job trains), then {@code trials/} (evidence →
 *     group-best window → verdicts → rank window) and {@code summary/}, {@code sweep.yaml} and the marker, all
 *     into a staging directory that is then renamed into place.</li>
 * </ol>
 */
public final class SweepJob {
    private final SparkSession spark;
    private final SweepConfig config;
    private final OutputMode mode;
    private final PrintWriter out;
    private long progressMillis = 3000;

    public SweepJob(SparkSession spark, SweepConfig config, OutputMode mode, PrintWriter out) {
        this.spark = spark;
        this.config = config;
        this.mode = mode;
        this.out = out;
    }

    /** How often the progress line is refreshed while trials run. */
    public SweepJob progressEvery(long millis) {
        this.progressMillis = millis;
        return this;
    }

    /** Runs the sweep; returns the committed output directory. */
    public Path run() {
        OutputDirectory output = OutputDirectory.check(spark.sparkContext().hadoopConfiguration(), config.output(), mode);
        out.println("sweep " + config.name() + ": reading " + config.data().path());
        out.flush();
        TrainingData data = DataLoader.load(spark, config);
        describe(data);
        List<TrialSpec> trials = Grid.expand(config);
        TrialPlanner planner = new TrialPlanner(config, data.features(), data.classes(), data.train().rows());
        planner.check(trials);

        Path staging = output.createStaging();
        boolean committed = false;
        try {
            write(data, trials, planner, staging);
            output.writeText(new Path(staging, "sweep.yaml"), ResolvedSweep.yaml(config));
            output.writeText(new Path(staging, OutputDirectory.MARKER), "lrsweep wrote this directory; lrsweep run"
                    + " --overwrite may replace it.\nversion: " + Version.get() + "\nsweep: " + config.name()
                    + "\nwritten: " + Instant.now() + "\n");
            output.commit(staging, mode);
            committed = true;
        } finally {
            if (!committed) {
                output.discard(staging);
            }
        }
        Report.print(spark, output.path().toString(), config.rankBy(), trials.size(), out);
        return output.path();
    }

    private void describe(TrainingData data) {
        out.println("data: " + data.train().rows() + " training rows, " + (data.validation() == null
                ? "no validation rows" : data.validationRows() + " validation rows") + ", " + data.features()
                + " features" + (data.classes() > 0 ? ", " + data.classes() + " classes" : "")
                + (data.standardization() != null ? ", standardised" : ""));
        for (String note : data.notes()) {
            out.println("  " + note);
        }
        out.flush();
    }

    private void write(TrainingData data, List<TrialSpec> trials, TrialPlanner planner, Path staging) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Thresholds thresholds = config.diagnose().thresholds();
        int evalRows = data.evalOrder() == null ? data.train().rows() : data.evalOrder().length;
        double[] costs = new double[trials.size()];
        for (int i = 0; i < costs.length; i++) {
            costs[i] = Slicing.cost(planner, trials.get(i), config.train(), evalRows, data.validationRows());
        }
        int slices = Slicing.sliceCount(trials.size(), jsc.defaultParallelism());
        List<int[]> blocks = Slicing.blocks(trials, planner, Slicing.blockCap(trials.size(), jsc.defaultParallelism()));
        List<int[][]> dealt = Slicing.deal(blocks, costs, slices);
        out.println("grid: " + trials.size() + " trials in " + blocks.size() + " blocks that share mini-batches, "
                + dealt.size() + " tasks");
        out.flush();

        Broadcast<SweepPayload> payload = jsc.broadcast(new SweepPayload(data.train(), data.validation(),
                data.evalOrder(), planner, trials, thresholds.oscillationTolerance()));
        LongAccumulator done = jsc.sc().longAccumulator("lrsweep trials done");
        LongAccumulator diverged = jsc.sc().longAccumulator("lrsweep trials diverged");
        JavaRDD<TrialOutcome> results = jsc.parallelize(dealt, dealt.size())
                .mapPartitions(new TrialRunner(payload, done, diverged))
                .setName("lrsweep " + config.name() + " trials")
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            jsc.setJobDescription("lrsweep " + config.name() + ": train " + trials.size() + " trials, write curves");
            try (Progress progress = new Progress(out, trials.size(), done, diverged, progressMillis)) {
                spark.createDataFrame(results.flatMap(Tables::curveRows), Tables.CURVES)
                        .write().parquet(new Path(staging, "curves").toString());
            }
            jsc.setJobDescription("lrsweep " + config.name() + ": verdicts and ranks");
            Dataset<Row> evidence = spark.createDataFrame(results.map(Tables::evidenceRow), Tables.EVIDENCE);
            Dataset<Row> ranked = Tables.rank(Judge.apply(Tables.withGroupBest(evidence), thresholds), config.rankBy());
            String trialsPath = new Path(staging, "trials").toString();
            ranked.coalesce(1).sortWithinPartitions("rank").write().parquet(trialsPath);
            jsc.setJobDescription("lrsweep " + config.name() + ": summary");
            Tables.summary(spark.read().parquet(trialsPath)).coalesce(1).sortWithinPartitions("group_index")
                    .write().parquet(new Path(staging, "summary").toString());
        } finally {
            jsc.setJobDescription(null);
            results.unpersist(false);
            payload.destroy();
        }
    }
}
