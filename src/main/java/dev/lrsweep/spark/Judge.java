package dev.lrsweep.spark;

import dev.lrsweep.core.diagnose.Diagnoser;
import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.core.diagnose.Thresholds;
import dev.lrsweep.core.diagnose.Verdict;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The verdict of each trial, on the executors: its evidence rebuilt from the row and judged against its group's
 * best loss reduction. Produces the {@code trials/} columns but the rank; NaN becomes null.
 */
final class Judge implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    static final StructType JUDGED = Tables.withTrialSettings(new StructType()
            .add("trial_id", DataTypes.StringType, false))
            .add("status", DataTypes.StringType, false)
            .add("diverged", DataTypes.BooleanType, false)
            .add("oscillating", DataTypes.BooleanType, false)
            .add("zigzag", DataTypes.BooleanType, false)
            .add("slow", DataTypes.BooleanType, false)
            .add("plateaued", DataTypes.BooleanType, false)
            .add("diverged_at_step", DataTypes.LongType, true)
            .add("reason", DataTypes.StringType, false)
            .add("steps", DataTypes.LongType, false)
            .add("epochs", DataTypes.DoubleType, false)
            .add("initial_train_loss", DataTypes.DoubleType, true)
            .add("final_train_loss", DataTypes.DoubleType, true)
            .add("final_val_loss", DataTypes.DoubleType, true)
            .add("best_val_loss", DataTypes.DoubleType, true)
            .add("best_val_step", DataTypes.LongType, true)
            .add("train_seconds", DataTypes.DoubleType, false)
            .add("trial_index", DataTypes.IntegerType, false)
            .add("planned_steps", DataTypes.LongType, false)
            .add("best_train_loss", DataTypes.DoubleType, true)
            .add("best_train_step", DataTypes.LongType, true)
            .add("loss_reduction", DataTypes.DoubleType, true)
            .add("group_best_reduction", DataTypes.DoubleType, true)
            .add("mean_update_cosine", DataTypes.DoubleType, true)
            .add("update_cosines", DataTypes.IntegerType, false)
            .add("loss_rises", DataTypes.IntegerType, false)
            .add("largest_rise", DataTypes.DoubleType, true)
            .add("evaluations", DataTypes.IntegerType, false)
            .add("curve_points", DataTypes.IntegerType, false)
            .add("group_key", DataTypes.StringType, false);

    private final Thresholds thresholds;

    Judge(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** Judges every trial of an evidence table that carries {@code group_best_reduction}. */
    static Dataset<Row> apply(Dataset<Row> withGroupBest, Thresholds thresholds) {
        return withGroupBest.map(new Judge(thresholds), Encoders.row(JUDGED));
    }

    @Override
    public Row call(Row r) {
        Evidence e = Tables.evidence(r);
        Double groupBest = r.getAs("group_best_reduction");
        Verdict v = new Diagnoser(thresholds).judge(e, groupBest == null ? Double.NaN : groupBest);
        long stepsPerEpoch = r.getAs("steps_per_epoch");
        return RowFactory.create(r.getAs("trial_id"), r.getAs("learning_rate"), r.getAs("schedule"),
                r.getAs("batch_size"), r.getAs("optimizer"), r.getAs("optimizer_type"), r.getAs("schedule_type"),
                r.getAs("seed"), r.getAs("clip_grad_norm"), r.getAs("init_scale"), v.status().label(),
                v.has(Status.DIVERGED), v.has(Status.OSCILLATING), v.has(Status.ZIGZAG), v.has(Status.SLOW), v.has(Status.PLATEAUED), Tables.step(v.divergedAtStep()),
                v.reason(), e.steps(), (double) e.steps() / stepsPerEpoch, Tables.absent(e.initialLoss()),
                Tables.absent(e.finalLoss()), Tables.absent(e.finalValLoss()), Tables.absent(e.bestValLoss()),
                Tables.step(e.bestValStep()), r.getAs("train_seconds"), r.getAs("trial_index"),
                r.getAs("planned_steps"), Tables.absent(e.bestLoss()), Tables.step(e.bestStep()),
                Tables.absent(e.reduction()), groupBest, Tables.absent(e.meanCosine()), e.cosines(), e.rises(),
                e.largestRiseStep() < 0 ? null : e.largestRise(), e.evaluations(), r.getAs("curve_points"),
                r.getAs("group_key"));
    }
}
