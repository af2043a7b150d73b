package dev.lrsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.lrsweep.core.diagnose.GroupSummary.RateSummary;
import dev.lrsweep.core.diagnose.GroupSummary;
import dev.lrsweep.core.diagnose.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** {@code summary/}: one row per optimizer × schedule × batch size, from {@link GroupSummary}. */
public final class SummaryTable {
    /** One rate of a group, the elements of {@code rates}. */
    static final StructType RATE = new StructType()
            .add("learning_rate", DoubleType, false)
            .add("trials", IntegerType, false)
            .add("stable_trials", IntegerType, false)
            .add("diverged_trials", IntegerType, false)
            .add("mean_loss", DoubleType, true)
            .add("worst_status", StringType, false);
    /** The columns, in order. */
    public static final List<ResultColumn> COLUMNS = columns();
    /** The schema of {@code summary/}. */
    public static final StructType SCHEMA = ResultColumn.schema(COLUMNS);

    private SummaryTable() {
    }

    private static List<ResultColumn> columns() {
        List<ResultColumn> c = new ArrayList<>(List.of(
                new ResultColumn("optimizer", StringType, false, "the group: optimizer"),
                new ResultColumn("schedule", StringType, false, "… schedule"),
                new ResultColumn("batch_size", IntegerType, false, "… and batch size"),
                new ResultColumn("trials", LongType, false, "trials in the group (rates × seeds)"),
                new ResultColumn("seeds", IntegerType, false, "grid seeds"),
                new ResultColumn("recommended_lr", DoubleType, true, "the largest rate stable in every seed whose"
                        + " loss (`rank_by`, mean over seeds) is within `diagnose.recommend_tolerance` of the group's"
                        + " best; null when none is"),
                new ResultColumn("recommended_loss", DoubleType, true, "that rate's mean loss"),
                new ResultColumn("largest_stable_lr", DoubleType, true, "the largest rate stable in every seed; null"
                        + " if none is"),
                new ResultColumn("first_unstable_lr", DoubleType, true, "the smallest rate above"
                        + " `largest_stable_lr` that is not stable in every seed"),
                new ResultColumn("first_unstable_status", StringType, true, "the worst status among its seeds"),
                new ResultColumn("divergence_lr", DoubleType, true, "the smallest rate at which some seed diverged;"
                        + " null if none did"),
                new ResultColumn("best_lr", DoubleType, true, "the rate with the lowest mean loss among those where"
                        + " no seed diverged"),
                new ResultColumn("best_loss", DoubleType, true, "that loss"),
                new ResultColumn("warnings", DataTypes.createArrayType(StringType, false), false, "range warnings"
                        + " (extend the ladder up or down, train longer) and rates whose seeds disagree"),
                new ResultColumn("best_trial_id", StringType, false, "the group's best-ranked trial"),
                new ResultColumn("best_rank", IntegerType, false, "its rank"),
                new ResultColumn("best_status", StringType, false, "its status"),
                new ResultColumn("rates", new ArrayType(RATE, false), false, "per rate, ascending: `learning_rate`,"
                        + " `trials`, `stable_trials`, `diverged_trials`, `mean_loss`, `worst_status`")));
        for (Status s : Status.values()) {
            c.add(new ResultColumn(s.label() + "_trials", LongType, false, "trials whose status is `" + s.label()
                    + "`"));
        }
        c.add(new ResultColumn("group_index", IntegerType, false, "the group's place in the grid"));
        c.add(new ResultColumn("group_key", StringType, false, "optimizer | schedule | batch size"));
        return List.copyOf(c);
    }

    /** The row of a group. */
    public static Row row(GroupSummary g, Map<String, Long> statusCounts, int groupIndex, String groupKey) {
        RowValues r = new RowValues(SCHEMA)
                .put("optimizer", g.optimizer()).put("schedule", g.schedule()).put("batch_size", g.batchSize())
                .put("trials", (long) g.trials()).put("seeds", g.seeds())
                .put("recommended_lr", g.recommendedLr()).put("recommended_loss", g.recommendedLoss())
                .put("largest_stable_lr", g.largestStableLr()).put("first_unstable_lr", g.firstUnstableLr())
                .put("first_unstable_status", g.firstUnstableStatus()).put("divergence_lr", g.divergenceLr())
                .put("best_lr", g.bestLr()).put("best_loss", g.bestLoss())
                .put("warnings", CollectionConverters.asScala(g.warnings()).toSeq())
                .put("best_trial_id", g.bestTrialId()).put("best_rank", g.bestRank())
                .put("best_status", g.bestStatus());
        List<Row> rates = new ArrayList<>();
        for (RateSummary rate : g.rates()) {
            rates.add(RowFactory.create(rate.learningRate(), rate.trials(), rate.stableTrials(),
                    rate.divergedTrials(), Double.isNaN(rate.meanLoss()) ? null : rate.meanLoss(),
                    rate.worstStatus()));
        }
        r.put("rates", CollectionConverters.asScala(rates).toSeq());
        for (Status s : Status.values()) {
            r.put(s.label() + "_trials", statusCounts.getOrDefault(s.label(), 0L));
        }
        return r.put("group_index", groupIndex).put("group_key", groupKey).row();
    }

    /** Reads a group back from its row, for the console's and the report's recommendation. */
    public static GroupSummary group(Row r) {
        List<RateSummary> rates = new ArrayList<>();
        for (Row rate : r.<Row>getList(r.fieldIndex("rates"))) {
            rates.add(new RateSummary(rate.getDouble(0), rate.getInt(1), rate.getInt(2), rate.getInt(3),
                    rate.isNullAt(4) ? Double.NaN : rate.getDouble(4), rate.getString(5)));
        }
        return new GroupSummary(r.getAs("optimizer"), r.getAs("schedule"), r.<Integer>getAs("batch_size"),
                (int) r.<Long>getAs("trials").longValue(), r.<Integer>getAs("seeds"), number(r, "recommended_lr"),
                number(r, "recommended_loss"), number(r, "largest_stable_lr"), number(r, "first_unstable_lr"),
                r.getAs("first_unstable_status"), number(r, "divergence_lr"), number(r, "best_lr"),
                number(r, "best_loss"), r.getAs("best_trial_id"), r.<Integer>getAs("best_rank"),
                r.getAs("best_status"), rates, List.copyOf(r.<String>getList(r.fieldIndex("warnings"))));
    }

    private static double number(Row r, String column) {
        int i = r.fieldIndex(column);
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }
}
