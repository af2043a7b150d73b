package dev.lrsweep.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.bool_and;
import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.sweep.TrialSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The result tables: their schemas, the rows made from trial outcomes on the executors, and the Spark SQL that
 * adds each group's best loss reduction, the rank and the per-group summary.
 */
public final class Tables {
    /** {@code curves/}: one row per recorded point; NaN (absent) is written as null. */
    public static final StructType CURVES = new StructType()
            .add("trial_id", DataTypes.StringType, false)
            .add("step", DataTypes.LongType, false)
            .add("epoch", DataTypes.DoubleType, false)
            .add("lr", DataTypes.DoubleType, true)
            .add("batch_loss", DataTypes.DoubleType, true)
            .add("batch_loss_ema", DataTypes.DoubleType, true)
            .add("grad_norm", DataTypes.DoubleType, true)
            .add("update_cosine", DataTypes.DoubleType, true)
            .add("train_loss", DataTypes.DoubleType, true)
            .add("val_loss", DataTypes.DoubleType, true);

    /** A trial's settings and evidence, before verdicts: NaN kept, so that the evidence can be rebuilt exactly. */
    static final StructType EVIDENCE = withTrialSettings(new StructType()
            .add("trial_id", DataTypes.StringType, false)
            .add("trial_index", DataTypes.IntegerType, false)
            .add("group_key", DataTypes.StringType, false))
            .add("planned_steps", DataTypes.LongType, false)
            .add("steps_per_epoch", DataTypes.LongType, false)
            .add("train_seconds", DataTypes.DoubleType, false)
            .add("curve_points", DataTypes.IntegerType, false)
            .add("e_steps", DataTypes.LongType, false)
            .add("e_initial", DataTypes.DoubleType, false)
            .add("e_final", DataTypes.DoubleType, false)
            .add("e_best", DataTypes.DoubleType, false)
            .add("e_best_step", DataTypes.LongType, false)
            .add("e_final_val", DataTypes.DoubleType, false)
            .add("e_best_val", DataTypes.DoubleType, false)
            .add("e_best_val_step", DataTypes.LongType, false)
            .add("e_evaluations", DataTypes.IntegerType, false)
            .add("e_rises", DataTypes.IntegerType, false)
            .add("e_largest_rise", DataTypes.DoubleType, false)
            .add("e_largest_rise_step", DataTypes.LongType, false)
            .add("e_mean_cosine", DataTypes.DoubleType, false)
            .add("e_cosines", DataTypes.IntegerType, false)
            .add("e_last_quarter_fall", DataTypes.DoubleType, false)
            .add("e_last_quarter_rate", DataTypes.DoubleType, false)
            .add("e_diverged_at", DataTypes.LongType, false)
            .add("e_divergence_began", DataTypes.LongType, false)
            .add("e_cause", DataTypes.StringType, true)
            .add("loss_reduction", DataTypes.DoubleType, false);

    /** The {@code trials/} columns in order, {@code rank} included. */
    public static final List<String> TRIAL_COLUMNS = List.of("trial_id", "learning_rate", "schedule", "batch_size",
            "optimizer", "optimizer_type", "schedule_type", "seed", "clip_grad_norm", "init_scale", "status",
            "diverged", "oscillating", "zigzag", "slow", "plateaued", "diverged_at_step", "reason", "steps", "epochs", "initial_train_loss",
            "final_train_loss", "final_val_loss", "best_val_loss", "best_val_step", "train_seconds", "rank",
            "trial_index", "planned_steps", "best_train_loss", "best_train_step", "loss_reduction",
            "group_best_reduction", "mean_update_cosine", "update_cosines", "loss_rises", "largest_rise",
            "evaluations", "curve_points", "group_key");

    private Tables() {
    }

    /** Appends a trial's settings columns, learning_rate … init_scale, in the order both tables use. */
    static StructType withTrialSettings(StructType schema) {
        return schema
                .add("learning_rate", DataTypes.DoubleType, false)
                .add("schedule", DataTypes.StringType, false)
                .add("batch_size", DataTypes.IntegerType, false)
                .add("optimizer", DataTypes.StringType, false)
                .add("optimizer_type", DataTypes.StringType, false)
                .add("schedule_type", DataTypes.StringType, false)
                .add("seed", DataTypes.LongType, false)
                .add("clip_grad_norm", DataTypes.DoubleType, true)
                .add("init_scale", DataTypes.DoubleType, false);
    }

    static Double absent(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static Long step(long v) {
        return v < 0 ? null : v;
    }

    /** The curve rows of one trial. */
    static Iterator<Row> curveRows(TrialOutcome o) {
        Curve c = o.curve();
        String id = o.trial().trialId();
        List<Row> rows = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            rows.add(RowFactory.create(id, c.step(i), c.epoch(i), absent(c.lr(i)), absent(c.batchLoss(i)),
                    absent(c.batchLossEma(i)), absent(c.gradNorm(i)), absent(c.updateCosine(i)),
                    absent(c.trainLoss(i)), absent(c.valLoss(i))));
        }
        return rows.iterator();
    }

    /** The evidence row of one trial. */
    static Row evidenceRow(TrialOutcome o) {
        TrialSpec t = o.trial();
        Evidence e = o.evidence();
        return RowFactory.create(t.trialId(), t.index(), t.groupKey(), t.learningRate(), t.scheduleReadable(),
                o.batchSize(), t.optimizerReadable(), t.optimizer().type(), t.schedule().type(), t.seed(),
                absent(t.clipGradNorm()), t.initScale(), o.plannedSteps(), o.stepsPerEpoch(), o.seconds(),
                o.curve().size(),
                e.steps(), e.initialLoss(), e.finalLoss(), e.bestLoss(), e.bestStep(), e.finalValLoss(),
                e.bestValLoss(), e.bestValStep(), e.evaluations(), e.rises(), e.largestRise(), e.largestRiseStep(),
                e.meanCosine(), e.cosines(), e.lastQuarterFall(), e.lastQuarterRate(), e.divergedAt(), e.divergenceBegan(),
                e.divergenceCause(), e.reduction());
    }

    /** Rebuilds the evidence from an evidence row. */
    static Evidence evidence(Row r) {
        return new Evidence(r.getAs("e_steps"), r.getAs("e_initial"), r.getAs("e_final"), r.getAs("e_best"),
                r.getAs("e_best_step"), r.getAs("e_final_val"), r.getAs("e_best_val"), r.getAs("e_best_val_step"),
                r.getAs("e_evaluations"), r.getAs("e_rises"), r.getAs("e_largest_rise"),
                r.getAs("e_largest_rise_step"), r.getAs("e_mean_cosine"), r.getAs("e_cosines"),
                r.getAs("e_last_quarter_fall"), r.getAs("e_last_quarter_rate"), r.getAs("e_diverged_at"), r.getAs("e_divergence_began"),
                r.getAs("e_cause"));
    }

    /**
     * Adds {@code group_best_reduction}: the largest loss reduction among the group's trials that did not
     * diverge and have a finite reduction ({@link dev.lrsweep.core.diagnose.Diagnoser#bestReduction}), null when
     * there is none.
     */
    static Dataset<Row> withGroupBest(Dataset<Row> evidence) {
        Column r = col("loss_reduction");
        Column eligible = col("e_diverged_at").lt(0).and(not(isnan(r))).and(abs(r).notEqual(Double.POSITIVE_INFINITY));
        return evidence.withColumn("group_best_reduction",
                max(when(eligible, r)).over(Window.partitionBy("group_key")));
    }

    /**
     * Ranks judged trials: stable ones (neither diverged nor oscillating) first, then by {@code rankBy}
     * ascending with nulls last, ties to the larger learning rate, then to grid order; rank 1, 2, ….
     */
    static Dataset<Row> rank(Dataset<Row> judged, String rankBy) {
        Column unstable = when(col("status").isin(Status.DIVERGED.label(), Status.OSCILLATING.label()), 1).otherwise(0);
        // One ordering over all trials: a constant partition, which is what an unpartitioned window does anyway
        // (trial rows are few), without Spark's warning about it.
        Column rank = row_number().over(Window.partitionBy(lit(0)).orderBy(unstable.asc(),
                col(rankBy).asc_nulls_last(), col("learning_rate").desc(), col("trial_index").asc())).cast("int");
        return judged.withColumn("rank", rank)
                .select(TRIAL_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /**
     * {@code summary/}: one row per optimizer × schedule × batch size × clipping × initial scale, in grid order.
     * {@code largest_stable_lr} is the largest rate at which every trial of the group (every grid seed) is stable; {@code divergence_lr}
     * the smallest at which some trial diverged; the best trial is the group's first in rank order. Two
     * aggregations: per group and rate, then per group.
     */
    static Dataset<Row> summary(Dataset<Row> trials) {
        Column stable = not(col("status").isin(Status.DIVERGED.label(), Status.OSCILLATING.label()));
        List<Column> perRate = new ArrayList<>(List.of(
                min("optimizer").as("optimizer"), min("schedule").as("schedule"), min("batch_size").as("batch_size"),
                min("clip_grad_norm").as("clip_grad_norm"), min("init_scale").as("init_scale"),
                count(lit(1)).as("trials"), bool_and(stable).as("all_stable"), bool_or(col("diverged")).as("any_diverged"),
                min_by(col("trial_id"), col("rank")).as("best_trial_id"),
                min_by(col("best_val_loss"), col("rank")).as("best_val_loss"),
                min_by(col("status"), col("rank")).as("best_status"),
                min("rank").as("best_rank"), min("trial_index").as("group_index")));
        List<Column> perGroup = new ArrayList<>(List.of(
                min("schedule").as("schedule"), min("batch_size").as("batch_size"),
                min("clip_grad_norm").as("clip_grad_norm"), min("init_scale").as("init_scale"),
                sum("trials").as("trials"),
                max(when(col("all_stable"), col("learning_rate"))).as("largest_stable_lr"),
                min(when(col("any_diverged"), col("learning_rate"))).as("divergence_lr"),
                min_by(col("best_trial_id"), col("best_rank")).as("best_trial_id"),
                min_by(col("best_val_loss"), col("best_rank")).as("best_val_loss"),
                min_by(col("learning_rate"), col("best_rank")).as("best_learning_rate"),
                min_by(col("best_status"), col("best_rank")).as("best_status"),
                min("best_rank").as("best_rank")));
        List<String> columns = new ArrayList<>(List.of("optimizer", "schedule", "batch_size", "clip_grad_norm",
                "init_scale", "trials",
                "largest_stable_lr", "divergence_lr", "best_trial_id", "best_val_loss", "best_learning_rate",
                "best_status", "best_rank"));
        for (Status s : Status.values()) {
            String name = s.label() + "_trials";
            perRate.add(count_if(col("status").equalTo(s.label())).as(name));
            perGroup.add(sum(name).as(name));
            columns.add(name);
        }
        perGroup.add(min("group_index").as("group_index"));
        columns.addAll(List.of("group_index", "group_key"));
        return trials.groupBy("group_key", "learning_rate")
                .agg(perRate.get(0), perRate.subList(1, perRate.size()).toArray(new Column[0]))
                .groupBy("group_key")
                .agg(min("optimizer").as("optimizer"), perGroup.toArray(new Column[0]))
                .select(columns.stream().map(c -> col(c)).toArray(Column[]::new));
    }
}
