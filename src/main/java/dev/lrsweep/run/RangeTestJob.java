package dev.lrsweep.run;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.optim.Sgd;
import dev.lrsweep.core.rangetest.ColdStartCheck;
import dev.lrsweep.core.rangetest.Finding;
import dev.lrsweep.core.rangetest.RangeTestCurve;
import dev.lrsweep.core.rangetest.RangeTestRule;
import dev.lrsweep.core.train.BlockTrainer;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.results.ResultColumn;
import dev.lrsweep.results.RowValues;
import dev.lrsweep.sweep.RangeTestPlan;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The learning-rate range test on Spark ({@link RangeTestPlan}): its runs trained on the executors, one task per
 * block of runs that share mini-batches, with the sweep's own trainer on the broadcast rows; each optimizer × batch
 * size's seeds read together by {@link RangeTestRule} on the executors; the findings (a few numbers per group) are
 * all the driver collects. The curves stay on the executors until {@link #write} writes the tables.
 */
public final class RangeTestJob implements AutoCloseable {
    /** {@code range_test/}: a row per optimizer × batch size with seed null (the group), and a row per seed. */
    public static final List<ResultColumn> COLUMNS = List.of(
            new ResultColumn("optimizer", StringType, false, "the optimizer, as `trials` and `summary` write it"),
            new ResultColumn("batch_size", IntegerType, false, "the batch size used (`full` resolved to the training"
                    + " rows), as `trials` and `summary` write it"),
            new ResultColumn("seed", LongType, true, "the grid seed whose batches and initial weights the run used;"
                    + " null on the group's row, read from all its seeds"),
            new ResultColumn("suggested_lr", DoubleType, true, "the rate to use: on the group's row, `ramp_suggested_lr`"
                    + " divided by 10 for every trial from the initial weights that was unstable at it (null when"
                    + " none was stable); on a seed's row, its own `ramp_suggested_lr`; null when the loss never fell"),
            new ResultColumn("ramp_suggested_lr", DoubleType, true, "the ramp's suggestion, √(`fall_end_lr` ×"
                    + " `edge_lr`), held at the data's edge for least squares with SGD"),
            new ResultColumn("cold_start_status", StringType, true, "the group's row: the verdict of the trial from"
                    + " the initial weights at `suggested_lr` (as `trials.status`); null when none was made there"),
            new ResultColumn("cold_start_checks", IntegerType, true, "the group's row: the trials from the initial"
                    + " weights made to check the suggestion"),
            new ResultColumn("edge_lr", DoubleType, true, "where the smoothed loss turns up for good"),
            new ResultColumn("steepest_lr", DoubleType, true, "where the smoothed loss falls fastest per decade"),
            new ResultColumn("fall_start_lr", DoubleType, true, "where the smoothed loss has made a tenth of its fall"),
            new ResultColumn("fall_end_lr", DoubleType, true, "where it has made nine tenths of its fall"),
            new ResultColumn("lowest_lr", DoubleType, true, "where the smoothed loss is lowest"),
            new ResultColumn("stop_lr", DoubleType, true, "the rate of the last update read (where the run stopped,"
                    + " or the ramp's end)"),
            new ResultColumn("turned_up", BooleanType, false, "whether the loss turned up before the run ended (if"
                    + " not, the edge lies beyond `stop_lr`)"),
            new ResultColumn("loss_fall", DoubleType, true, "the factor by which the smoothed loss fell"),
            new ResultColumn("seeds", IntegerType, false, "the seeds read: the group's count on its row, 1 on a"
                    + " seed's"),
            new ResultColumn("seed_spread", DoubleType, true, "the group's row: the largest seed suggestion over the"
                    + " smallest (1 = the seeds agree)"),
            new ResultColumn("steps", IntegerType, false, "updates read: a seed's run, or the group's pooled curve"),
            new ResultColumn("planned_steps", IntegerType, false, "the updates each run was to make"),
            new ResultColumn("note", StringType, true, "why there is no suggestion, or what bounds it"));

    /** {@code range_test_curves/}: a row per update of every run, and of each group's pooled curve (seed null). */
    public static final List<ResultColumn> CURVE_COLUMNS = List.of(
            new ResultColumn("optimizer", StringType, false, "as in `range_test`"),
            new ResultColumn("batch_size", IntegerType, false, "as in `range_test`"),
            new ResultColumn("seed", LongType, true, "the run's grid seed; null for the group's pooled curve"),
            new ResultColumn("step", LongType, false, "the update, from 1"),
            new ResultColumn("lr", DoubleType, false, "the rate of the update"),
            new ResultColumn("loss", DoubleType, false, "the mini-batch loss computed before it; on the pooled"
                    + " curve, the median over the seeds"),
            new ResultColumn("smoothed_loss", DoubleType, true, "the LOESS curve the rule reads"),
            new ResultColumn("ema_loss", DoubleType, true, "the trainer's debiased moving average, which the stop"
                    + " reads; null on the pooled curve"));

    /**
     * One optimizer × batch size, as the driver sees it.
     *
     * @param index         the group's place: the grid's order of batch sizes, then of optimizers
     * @param gridBatchSize the batch size as the grid gives it
     * @param finding       the rule read on the pooled seeds (without its curve)
     * @param seeds         the seeds it ran
     * @param spread        the seeds' largest suggestion over their smallest, NaN when a seed had none
     * @param gradients     the sample-gradients its runs made
     * @param plannedSteps  the updates each run was to make
     * @param check         what the trials from the initial weights made of the suggestion, null before the checks
     */
    public record Group(int index, String optimizer, int batchSize, int gridBatchSize, Finding finding, int seeds,
                        double spread, double gradients, int plannedSteps, ColdStartCheck.Outcome check)
            implements Serializable {
        /** The suggested rate: checked from a cold start when it has been, else the ramp's. */
        public double suggestedLr() {
            return check == null ? finding.suggestedLr() : check.suggestedLr();
        }

        Group checked(ColdStartCheck.Outcome outcome) {
            return new Group(index, optimizer, batchSize, gridBatchSize, finding, seeds, spread, gradients,
                    plannedSteps, outcome);
        }
    }

    /** What the executors need: the rows, the plan and how to make its trainer's plans. */
    @DefaultSerializer(JavaSerializer.class)
    record Payload(DataBlock train, DataBlock validation, int[] evalOrder, SweepConfig config, TrialPlanner planner, RangeTestPlan plan,
                   double lambdaMax) implements Serializable {
    }

    /** A group's runs, read. */
    @DefaultSerializer(JavaSerializer.class)
    record Read(Group group, List<RangeTestCurve> curves, RangeTestRule.Group rule) implements Serializable {
    }

    private final SparkSession spark;
    private final Broadcast<Payload> payload;
    private final JavaRDD<Read> read;
    private List<Group> groups;
    private double checkGradients;

    private RangeTestJob(SparkSession spark, Broadcast<Payload> payload, JavaRDD<Read> read, List<Group> groups) {
        this.spark = spark;
        this.payload = payload;
        this.read = read;
        this.groups = groups;
    }

    /**
     * Trains the plan's runs and reads them; the curves stay on the executors until {@link #write}.
     *
     * @param lambdaMax the rows' λ_max at the initial weights, for the suggestions' ceiling
     *                  ({@link RangeTestRule#ceiling})
     */
    public static RangeTestJob run(SparkSession spark, SweepConfig config, TrainingData data, TrialPlanner planner,
                                   RangeTestPlan plan, double lambdaMax, String label) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Payload> payload = jsc.broadcast(new Payload(data.train(), data.validation(), data.evalOrder(), config, planner, plan,
                lambdaMax));
        JavaRDD<Read> read = null;
        try {
            jsc.setJobDescription("lrsweep " + label + ": range test, " + plan.runs().size() + " runs");
            read = jsc.parallelize(plan.blocks(), plan.blocks().size())
                    .flatMap(block -> train(payload.value(), block).iterator())
                    .mapToPair(r -> new Tuple2<>(groupKey(payload.value().plan(), r._1()), r))
                    .groupByKey()
                    .map(g -> read(payload.value(), g._2()))
                    .setName("lrsweep " + label + " range test")
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            List<Group> groups = new ArrayList<>(read.map(Read::group).collect());
            groups.sort(Comparator.comparingInt(Group::index));
            return new RangeTestJob(spark, payload, read, List.copyOf(groups));
        } catch (RuntimeException e) {
            if (read != null) {
                read.unpersist(false);
            }
            payload.destroy(false);
            throw e;
        } finally {
            jsc.setJobDescription(null);
        }
    }

    /** Every optimizer × batch size, in grid order (batch size, then optimizer). */
    public List<Group> groups() {
        return groups;
    }

    /** The sample-gradients the ramps made. */
    public double rampGradients() {
        return groups.stream().mapToDouble(Group::gradients).sum();
    }

    /** The sample-gradients the ramps and the cold-start checks made. */
    public double gradients() {
        return rampGradients() + checkGradients;
    }

    /** The cold-start checks made. */
    public int checks() {
        return groups.stream().mapToInt(g -> g.check() == null ? 0 : g.check().checks().size()).sum();
    }

    /**
     * Checks every group's suggestion from a cold start ({@link ColdStartCheck}) with trials of at most
     * {@code budget} sample-gradients in all.
     */
    public void check(double budget, String label) {
        ColdStartChecks.Checked checked = ColdStartChecks.run(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                payload, groups, budget, label);
        groups = checked.groups();
        checkGradients = checked.gradients();
    }

    /** Writes {@code range_test/} and {@code range_test_curves/} under {@code dir}. */
    public void write(String dir) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            jsc.setJobDescription("lrsweep: range test tables");
            Map<Integer, Group> checked = new HashMap<>();
            groups.forEach(g -> checked.put(g.index(), g));
            spark.createDataFrame(read.flatMap(r -> tableRows(r, checked.get(r.group().index())).iterator()),
                            ResultColumn.schema(COLUMNS)).coalesce(1)
                    .sortWithinPartitions("batch_size", "optimizer", "seed").write()
                    .parquet(dir + "/range_test");
            spark.createDataFrame(read.flatMap(r -> curveRows(r).iterator()),
                            ResultColumn.schema(CURVE_COLUMNS)).coalesce(1)
                    .sortWithinPartitions("batch_size", "optimizer", "seed", "step").write()
                    .parquet(dir + "/range_test_curves");
        } finally {
            jsc.setJobDescription(null);
        }
    }

    /** Drops the curves the executors keep, and the broadcast rows. */
    @Override
    public void close() {
        read.unpersist(false);
        payload.destroy(false);
    }

    /** Trains one block of runs; emits (run index, curve, updates made). */
    static List<Tuple2<Integer, RunOutcome>> train(Payload p, int[] block) {
        List<TrialPlan> plans = new ArrayList<>();
        for (int i : block) {
            plans.add(p.plan().plan(i, p.config(), p.planner()));
        }
        List<TrialResult> results = BlockTrainer.train(plans, p.train(), null, p.evalOrder());
        List<Tuple2<Integer, RunOutcome>> out = new ArrayList<>();
        for (int k = 0; k < block.length; k++) {
            RangeTestPlan.Run run = p.plan().runs().get(block[k]);
            TrialResult r = results.get(k);
            out.add(new Tuple2<>(block[k], new RunOutcome(block[k], RangeTestCurve.of(run.seed(), r.curve(),
                    r.state().diverged()), r.steps())));
        }
        return out;
    }

    /** A run's curve and the updates it made. */
    @DefaultSerializer(JavaSerializer.class)
    record RunOutcome(int run, RangeTestCurve curve, long steps) implements Serializable {
    }

    private static String groupKey(RangeTestPlan plan, int run) {
        RangeTestPlan.Run r = plan.runs().get(run);
        return r.batchSize() + " " + r.optimizerReadable();
    }

    /** Reads a group's runs (in any order) by the rule, seeds in plan order. */
    static Read read(Payload p, Iterable<Tuple2<Integer, RunOutcome>> runs) {
        List<RunOutcome> sorted = new ArrayList<>();
        runs.forEach(r -> sorted.add(r._2()));
        sorted.sort(Comparator.comparingInt(RunOutcome::run));
        List<RangeTestCurve> curves = new ArrayList<>();
        double gradients = 0;
        long rows = p.planner().trainingRows();
        RangeTestPlan.Run first = p.plan().runs().get(sorted.get(0).run());
        for (RunOutcome o : sorted) {
            curves.add(o.curve());
            gradients += TrialPlanner.sampleGradients(o.steps(), first.batchSize(), rows);
        }
        double momentum = Double.NaN;
        double dampening = 0;
        if (Optimizers.create(first.optimizer()).optimizer() instanceof Sgd sgd && !sgd.nesterov()) {
            momentum = sgd.momentum();
            dampening = sgd.dampening();
        }
        RangeTestRule.Group rule = RangeTestRule.read(curves, RangeTestRule.ceiling(p.config().model().type(),
                p.lambdaMax(), momentum, dampening));
        Finding f = rule.pooled();
        Finding summary = new Finding(f.suggestedLr(), f.steepestLr(), f.fallStartLr(), f.fallEndLr(), f.lowestLr(),
                f.edgeLr(), f.lastLr(), f.turnedUp(), f.fall(), new double[0], f.note());
        int optimizerIndex = p.config().grid().optimizers().indexOf(first.optimizer());
        int batchIndex = p.config().grid().batchSizes().indexOf(first.gridBatchSize());
        int index = batchIndex * p.config().grid().optimizers().size() + optimizerIndex;
        return new Read(new Group(index, first.optimizerReadable(), first.batchSize(), first.gridBatchSize(), summary,
                curves.size(), rule.spread(), gradients, first.steps(), null), curves, rule);
    }

    /** The table's rows of a group: its own (with the checks of {@code checked}, when made) and its seeds'. */
    static List<Row> tableRows(Read r, Group checked) {
        Group g = checked == null ? r.group() : checked;
        List<Row> rows = new ArrayList<>();
        ColdStartCheck.Outcome c = g.check();
        String note = c == null || c.note() == null ? g.finding().note()
                : g.finding().note() == null ? c.note() : g.finding().note() + "; " + c.note();
        rows.add(findingRow(g, null, g.finding(), g.suggestedLr(), c, g.seeds(), RowValues.absent(g.spread()),
                r.rule().pooledLoss().length, note));
        for (int s = 0; s < r.curves().size(); s++) {
            Finding f = r.rule().seeds().get(s);
            rows.add(findingRow(g, r.curves().get(s).seed(), f, f.suggestedLr(), null, 1, null,
                    r.curves().get(s).length(), f.note()));
        }
        return rows;
    }

    private static Row findingRow(Group g, Long seed, Finding f, double suggested, ColdStartCheck.Outcome check,
                                  int seeds, Double spread, int steps, String note) {
        Status status = check == null ? null : check.status();
        return RowFactory.create(g.optimizer(), g.batchSize(), seed, RowValues.absent(suggested),
                RowValues.absent(f.suggestedLr()), status == null ? null : status.label(),
                check == null ? null : check.checks().size(), RowValues.absent(f.edgeLr()), RowValues.absent(f.steepestLr()), RowValues.absent(f.fallStartLr()),
                RowValues.absent(f.fallEndLr()), RowValues.absent(f.lowestLr()), RowValues.absent(f.lastLr()), f.turnedUp(),
                RowValues.absent(f.fall()), seeds, spread, steps, g.plannedSteps(), note);
    }

    static List<Row> curveRows(Read r) {
        Group g = r.group();
        List<Row> rows = new ArrayList<>();
        RangeTestRule.Group rule = r.rule();
        double[] pooled = rule.pooledLoss();
        double[] lr = r.curves().stream().max(Comparator.comparingInt(RangeTestCurve::length)).orElseThrow().lr();
        for (int k = 0; k < pooled.length; k++) {
            rows.add(RowFactory.create(g.optimizer(), g.batchSize(), null, (long) k + 1, lr[k], pooled[k],
                    smoothedAt(rule.pooled(), k), null));
        }
        for (int s = 0; s < r.curves().size(); s++) {
            RangeTestCurve c = r.curves().get(s);
            Finding f = rule.seeds().get(s);
            for (int k = 0; k < c.length(); k++) {
                rows.add(RowFactory.create(g.optimizer(), g.batchSize(), c.seed(), (long) k + 1, c.lr()[k],
                        c.loss()[k], smoothedAt(f, k), c.smoothed()[k]));
            }
        }
        return rows;
    }

    private static Double smoothedAt(Finding f, int k) {
        return k < f.smoothed().length ? RowValues.absent(f.smoothed()[k]) : null;
    }
}
