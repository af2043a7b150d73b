package dev.lrsweep.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import dev.lrsweep.core.diagnose.GroupSummary;
import dev.lrsweep.core.diagnose.Recommendation;
import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.Errors;
import dev.lrsweep.report.Answer;
import dev.lrsweep.report.CurveSketch;
import dev.lrsweep.report.DataDescription;
import dev.lrsweep.report.GroupRow;
import dev.lrsweep.report.PointBudget;
import dev.lrsweep.report.SweepReport;
import dev.lrsweep.report.TrialRow;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a results directory for its report: the trials and the summary (small: one row per trial, per group), the
 * resolved sweep and the data's description, and every trial's curve, downsampled on the executors
 * ({@link CurveSketch}) so that only a few dozen points per trial reach the driver. The columns the summary and
 * trials tables gained over time are read when present.
 */
final class ReportTables {
    static final List<String> CURVE_COLUMNS = List.of("step", "epoch", "lr", "batch_loss", "batch_loss_ema",
            "grad_norm", "update_cosine", "train_loss", "val_loss");

    private ReportTables() {
    }

    /**
     * The report of the results in {@code dir}.
     *
     * @param shownAs the directory as the report names it (the output as the user gave it)
     */
    static SweepReport read(SparkSession spark, FileSystem fs, Path dir, String shownAs) {
        String sweepYaml = text(fs, new Path(dir, "sweep.yaml"));
        if (sweepYaml == null) {
            throw new ConfigException("results directory " + shownAs + " has no sweep.yaml");
        }
        SweepConfig config = SweepFile.parse(sweepYaml, "sweep");
        String dataYaml = text(fs, new Path(dir, DataDescription.FILE));
        DataDescription data = dataYaml == null ? null : DataDescription.fromYaml(dataYaml);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            jsc.setJobDescription("lrsweep " + config.name() + ": report");
            List<TrialRow> trials = trials(spark.read().parquet(new Path(dir, "trials").toString()));
            List<Row> summary = spark.read().parquet(new Path(dir, "summary").toString()).orderBy("group_index")
                    .collectAsList();
            List<GroupRow> groups = groups(summary);
            int points = PointBudget.perCurve(trials.size());
            List<CurveSketch> curves = curves(spark.read().parquet(new Path(dir, "curves").toString()), points);
            Path landscape = new Path(dir, "landscape");
            List<String> edge = exists(fs, landscape) ? EdgeReport.lines(spark.read().parquet(landscape.toString())
                    .first(), summary, config.grid().optimizers(), data == null ? Long.MAX_VALUE : data.trainRows())
                    : List.of();
            return new SweepReport(config.name(), shownAs, config.rankBy(), answer(summary, config, edge), data,
                    sweepYaml, groups, trials, curves, points);
        } finally {
            jsc.setJobDescription(null);
        }
    }

    /** Every trial, in rank order. */
    static List<TrialRow> trials(Dataset<Row> table) {
        Set<String> columns = Set.of(table.columns());
        List<String> flags = Arrays.stream(Status.values()).map(Status::label).filter(columns::contains).toList();
        List<TrialRow> trials = new ArrayList<>();
        for (Row r : table.orderBy("rank").collectAsList()) {
            String status = r.getAs("status");
            List<String> set = flags.stream().filter(f -> Boolean.TRUE.equals(r.getAs(f))).toList();
            boolean stable = columns.contains("stable") ? Boolean.TRUE.equals(r.getAs("stable")) : stable(status);
            trials.add(new TrialRow(r.getAs("trial_id"), r.<Double>getAs("learning_rate"), r.getAs("optimizer"),
                    r.getAs("schedule"), r.<Integer>getAs("batch_size"),
                    r.<Long>getAs("seed"), r.getAs("group_key"), status, set, stable, r.<Integer>getAs("rank"),
                    r.<Long>getAs("steps"), number(r, "epochs"), step(r, "diverged_at_step"),
                    number(r, "initial_train_loss"), number(r, "final_train_loss"), number(r, "best_train_loss"),
                    number(r, "final_val_loss"), number(r, "best_val_loss"), r.getAs("reason")));
        }
        return trials;
    }

    /**
     * The console's answer, word for word: the recommendation paragraph, its per-group table, and the stability
     * edge against the sweep ({@link EdgeReport#lines}).
     */
    static Answer answer(List<Row> summary, SweepConfig config, List<String> edge) {
        List<GroupSummary> groups = summary.stream().map(SummaryTable::group).toList();
        Recommendation r = new Recommendation(groups, config.rankBy(),
                config.diagnose().thresholds().recommendTolerance());
        return new Answer(r.paragraph(), r.header(), r.table(), edge);
    }

    /** The summary's rows (in grid order) as the charts use them. */
    static List<GroupRow> groups(List<Row> summary) {
        List<GroupRow> groups = new ArrayList<>();
        for (Row r : summary) {
            Set<String> columns = Set.of(r.schema().fieldNames());
            List<String> warnings = columns.contains("warnings") && !r.isNullAt(r.fieldIndex("warnings"))
                    ? r.getList(r.fieldIndex("warnings")) : List.of();
            groups.add(new GroupRow(r.getAs("group_key"), r.getAs("optimizer"), r.getAs("schedule"),
                    r.<Integer>getAs("batch_size"), r.<Long>getAs("trials"), number(r, "largest_stable_lr"),
                    number(r, "divergence_lr"), columns.contains("recommended_lr") ? number(r, "recommended_lr")
                    : Double.NaN, columns.contains("first_unstable_lr") ? number(r, "first_unstable_lr") : Double.NaN,
                    columns.contains("first_unstable_status") ? r.getAs("first_unstable_status") : null,
                    r.getAs("best_trial_id"), warnings, columns.contains("init_scale") ? GroupSummary.axes(
                    number(r, "clip_grad_norm"), r.<Double>getAs("init_scale")) : ""));
        }
        return groups;
    }

    /** Each trial's curve, sketched where its points are: one shuffle of the curves, no collection of them. */
    static List<CurveSketch> curves(Dataset<Row> table, int points) {
        Dataset<Row> perTrial = table.groupBy("trial_id").agg(sort_array(collect_list(struct(
                CURVE_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new)))).as("points"));
        return perTrial.toJavaRDD().map(new Sketch(points)).collect();
    }

    /** Sketches one trial's sorted points, on an executor. */
    static final class Sketch implements Function<Row, CurveSketch> {
        private static final long serialVersionUID = 1L;
        private final int points;

        Sketch(int points) {
            this.points = points;
        }

        @Override
        public CurveSketch call(Row trial) {
            List<Row> p = trial.getList(1);
            int n = p.size();
            long[] step = new long[n];
            double[][] values = new double[CURVE_COLUMNS.size() - 1][n];
            for (int i = 0; i < n; i++) {
                Row point = p.get(i);
                step[i] = point.getLong(0);
                for (int k = 0; k < values.length; k++) {
                    values[k][i] = point.isNullAt(k + 1) ? Double.NaN : point.getDouble(k + 1);
                }
            }
            return CurveSketch.of(trial.getString(0), step, values[0], values[1], values[2], values[3], values[4],
                    values[5], values[6], values[7], points);
        }
    }

    /** Whether a trial of this status is stable, for tables older than their {@code stable} column. */
    static boolean stable(String status) {
        try {
            return !Status.valueOf(status.toUpperCase(Locale.ROOT)).breaksStability();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static double number(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static long step(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? -1 : ((Number) v).longValue();
    }

    /** Whether the results hold this path. */
    private static boolean exists(FileSystem fs, Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** A file's text, or null when there is none. */
    static String text(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException(file + " cannot be read: " + Errors.oneLine(e), e);
        }
    }
}
