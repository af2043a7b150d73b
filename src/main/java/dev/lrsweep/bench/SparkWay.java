package dev.lrsweep.bench;

import dev.lrsweep.run.OutputMode;
import dev.lrsweep.run.Slicing;
import dev.lrsweep.run.SweepJob;
import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import dev.lrsweep.synthetic.SyntheticData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * lrsweep's own way: the sweep runs through {@link SweepJob}, exactly as {@code lrsweep run} runs it (read and
 * pack the rows, broadcast them, deal the blocks of trials into tasks, train, judge, rank, write the tables).
 * The figure is timed by the Spark job that trains the trials (its tasks train their blocks and write the small
 * curves table), from its start to its end as Spark's scheduler reports them; the whole run's time is reported
 * alongside.
 */
public final class SparkWay {
    /** The description {@link SweepJob} gives its training job, for a sweep named {@code bench}. */
    static final String TRAINING_JOB = "lrsweep bench: train ";

    private SparkWay() {
    }

    /**
     * The way's figures and what it ran.
     *
     * @param way        the figures, timed by the training job
     * @param runSeconds the whole {@code run}, data reading to committed tables
     * @param grid       the run's own line about its blocks and tasks
     * @param diverged   trials that diverged (and so stopped early)
     */
    public record Result(Way way, double runSeconds, String grid, long diverged) {
    }

    /** Writes the problem's rows as Parquet, made on the executors from (seed, row id) as {@code generate} does. */
    public static void writeData(SparkSession spark, BenchProblem problem, String path) {
        SyntheticData data = problem.data();
        int d = problem.features();
        List<StructField> fields = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        StructType schema = DataTypes.createStructType(fields);
        MapFunction<Long, Row> toRow = id -> {
            double[] x = new double[d];
            double label = data.row(id, x);
            Object[] values = new Object[d + 1];
            for (int j = 0; j < d; j++) {
                values[j] = x[j];
            }
            values[d] = label;
            return RowFactory.create(values);
        };
        int parallelism = spark.sparkContext().defaultParallelism();
        int partitions = (int) Math.max(parallelism, Math.ceil((double) problem.rows() * (d + 1) / 4e6));
        spark.range(0, problem.rows(), 1, partitions).map(toRow, Encoders.row(schema)).write().parquet(path);
    }

    /** The width of each block of trials the run path will train, as it deals them ({@link Slicing}). */
    public static List<Integer> widths(SparkSession spark, BenchProblem problem, SweepConfig sweep) {
        List<TrialSpec> trials = Grid.expand(sweep);
        TrialPlanner planner = new TrialPlanner(sweep, problem.features(), 0, problem.rows());
        int parallelism = spark.sparkContext().defaultParallelism();
        List<Integer> out = new ArrayList<>();
        for (int[] block : Slicing.blocks(trials, planner, Slicing.blockCap(trials.size(), parallelism))) {
            out.add(block.length);
        }
        return out;
    }

    /** Runs the sweep (its output must not exist) and measures it. */
    public static Result run(SparkSession spark, BenchProblem problem, SweepConfig sweep, int trials) {
        JobClock clock = new JobClock();
        spark.sparkContext().addSparkListener(clock);
        StringWriter log = new StringWriter();
        long started = System.nanoTime();
        try {
            // One wave: the figure is the training job's, and the blocks are those widths() lists.
            new SweepJob(spark, sweep, OutputMode.NEW, new PrintWriter(log, true)).waveTrials(Integer.MAX_VALUE).run();
        } finally {
            spark.sparkContext().removeSparkListener(clock);
        }
        double runSeconds = (System.nanoTime() - started) / 1e9;
        double trainSeconds = clock.seconds();
        long sampleGradients = 0;
        long diverged = 0;
        for (Row r : spark.read().parquet(sweep.output() + "/trials").select("steps", "diverged").collectAsList()) {
            sampleGradients += BenchProblem.rowsVisited(r.getLong(0), problem.batch(), problem.rows());
            diverged += r.getBoolean(1) ? 1 : 0;
        }
        String grid = log.toString().lines().filter(l -> l.startsWith("grid: ")).findFirst().orElse("grid: ?")
                .substring("grid: ".length());
        int cores = spark.sparkContext().defaultParallelism();
        String detail = String.format(Locale.ROOT, "%d sgd trials (constant rate, α %s … %s log-spaced, %d diverged)"
                        + " by lrsweep's run path (SweepJob) on %s: %s; %s in the training job's %.2f s (tasks"
                        + " training their blocks + the curves write; %s); the whole run took %.1f s (+ reading,"
                        + " packing, verdicts, tables)",
                trials, dev.lrsweep.core.spec.Format.number(BenchProblem.LOWEST_RATE),
                dev.lrsweep.core.spec.Format.number(BenchProblem.HIGHEST_RATE), diverged,
                spark.sparkContext().master(), grid, Way.count(sampleGradients), trainSeconds, clock.tasks(),
                runSeconds);
        return new Result(new Way("lrsweep", sampleGradients, trainSeconds, cores, detail), runSeconds, grid, diverged);
    }

    /** The start and end of the training job(s), from Spark's scheduler events. */
    static final class JobClock extends SparkListener {
        private final List<Integer> jobs = new ArrayList<>();
        private final Set<Object> stages = new HashSet<>();
        private long start = Long.MAX_VALUE;
        private long end = Long.MIN_VALUE;
        private int ended;
        private long taskMillis;
        private long gcMillis;

        @Override
        public synchronized void onJobStart(SparkListenerJobStart event) {
            String description = event.properties() == null ? null
                    : event.properties().getProperty("spark.job.description");
            if (description != null && description.startsWith(TRAINING_JOB)) {
                jobs.add(event.jobId());
                stages.addAll(CollectionConverters.asJava(event.stageIds()));
                start = Math.min(start, event.time());
            }
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
            if (stages.contains(event.stageId()) && event.taskMetrics() != null) {
                taskMillis += event.taskMetrics().executorRunTime();
                gcMillis += event.taskMetrics().jvmGCTime();
            }
        }

        /** The tasks' run time and GC time, in seconds, summed over the training job's tasks. */
        synchronized String tasks() {
            return String.format(Locale.ROOT, "its tasks ran %.2f s in all, %.2f s of it in GC", taskMillis / 1e3,
                    gcMillis / 1e3);
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd event) {
            if (jobs.contains(event.jobId())) {
                end = Math.max(end, event.time());
                ended++;
                notifyAll();
            }
        }

        /** The seconds from the first training job's start to the last one's end, once the events arrived. */
        synchronized double seconds() {
            long deadline = System.currentTimeMillis() + 30_000;
            while ((jobs.isEmpty() || ended < jobs.size()) && System.currentTimeMillis() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (jobs.isEmpty() || ended < jobs.size()) {
                throw new IllegalStateException("Spark reported no end of the training job");
            }
            return (end - start) / 1e3;
        }
    }
}
