package dev.lrsweep.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.results.ResultColumn;
import dev.lrsweep.results.RowValues;
import dev.lrsweep.results.TrialsTable;
import dev.lrsweep.sweep.TrialSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows the waves commit (curves and evidence, made from trial outcomes on the executors) and the rank. The
 * {@code trials/} and {@code summary/} columns are declared in {@link TrialsTable} and {@link SummaryTable}.
 */
public final class Tables {
    /** {@code curves/}: one row per recorded point of every trial; NaN (absent) is written as null. */
    public static final List<ResultColumn> CURVE_COLUMNS = List.of(
            new ResultColumn("trial_id", DataTypes.StringType, false, "joins `trials`"),
            new ResultColumn("step", DataTypes.LongType, false, "updates made; step 0 is the initial model"),
            new ResultColumn("epoch", DataTypes.DoubleType, false, "step / steps per epoch"),
            new ResultColumn("lr", DataTypes.DoubleType, true, "the rate update `step` used (null at step 0)"),
            new ResultColumn("batch_loss", DataTypes.DoubleType, true, "the mini-batch loss of update `step`,"
                    + " computed before it (as PyTorch's `loss.item()`)"),
            new ResultColumn("batch_loss_ema", DataTypes.DoubleType, true, "a debiased moving average of"
                    + " `batch_loss` (β = 0.9)"),
            new ResultColumn("grad_norm", DataTypes.DoubleType, true, "the gradient's L2 norm before clipping"),
            new ResultColumn("update_cosine", DataTypes.DoubleType, true, "cosine between update `step` and the one"
                    + " before"),
            new ResultColumn("train_loss", DataTypes.DoubleType, true, "evaluated training loss of the model after"
                    + " `step` updates; null between evaluation points"),
            new ResultColumn("val_loss", DataTypes.DoubleType, true, "validation loss there; null between"
                    + " evaluation points and without validation rows"));
    /** The schema of {@code curves/}. */
    public static final StructType CURVES = ResultColumn.schema(CURVE_COLUMNS);

    /**
     * A trial's settings and evidence, before verdicts, as a wave commits it: the trial's evaluated losses (NaN kept)
     * and the few numbers the verdicts need, so that the evidence can be rebuilt exactly and judged with its group
     * once every wave is in.
     */
    static final StructType EVIDENCE = withTrialSettings(new StructType()
            .add("trial_id", DataTypes.StringType, false)
            .add("trial_index", DataTypes.IntegerType, false)
            .add("group_key", DataTypes.StringType, false))
            .add("planned_steps", DataTypes.LongType, false)
            .add("steps_per_epoch", DataTypes.LongType, false)
            .add("train_seconds", DataTypes.DoubleType, false)
            .add("curve_points", DataTypes.IntegerType, false)
            .add("e_steps", DataTypes.LongType, false)
            .add("e_diverged_at", DataTypes.LongType, false)
            .add("e_cause", DataTypes.StringType, true)
            .add("e_noise_free", DataTypes.BooleanType, false)
            .add("e_mean_cosine", DataTypes.DoubleType, false)
            .add("e_cosines", DataTypes.IntegerType, false)
            .add("e_last_quarter_rate", DataTypes.DoubleType, false)
            .add("e_eval_steps", DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add("e_train_losses", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("e_val_losses", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    private Tables() {
    }

    /** Appends a trial's settings columns, learning_rate … seed, in the order both tables use. */
    static StructType withTrialSettings(StructType schema) {
        for (ResultColumn c : TrialsTable.settings()) {
            schema = schema.add(c.name(), c.type(), c.nullable());
        }
        return schema;
    }

    /** The curve rows of one trial. */
    static Iterator<Row> curveRows(TrialOutcome o) {
        Curve c = o.curve();
        String id = o.trial().trialId();
        List<Row> rows = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            rows.add(RowFactory.create(id, c.step(i), c.epoch(i), RowValues.absent(c.lr(i)), RowValues.absent(c.batchLoss(i)),
                    RowValues.absent(c.batchLossEma(i)), RowValues.absent(c.gradNorm(i)), RowValues.absent(c.updateCosine(i)),
                    RowValues.absent(c.trainLoss(i)), RowValues.absent(c.valLoss(i))));
        }
        return rows.iterator();
    }

    /** The evidence row of one trial. */
    static Row evidenceRow(TrialOutcome o) {
        TrialSpec t = o.trial();
        Evidence e = o.evidence();
        return new RowValues(EVIDENCE, true)
                .put("trial_id", t.trialId()).put("trial_index", t.index()).put("group_key", t.groupKey())
                .put("learning_rate", t.learningRate()).put("schedule", t.scheduleReadable())
                .put("batch_size", o.batchSize()).put("optimizer", t.optimizerReadable())
                .put("optimizer_type", t.optimizer().type()).put("schedule_type", t.schedule().type())
                .put("seed", t.seed()).put("planned_steps", o.plannedSteps()).put("steps_per_epoch", o.stepsPerEpoch())
                .put("train_seconds", o.seconds()).put("curve_points", o.curve().size()).put("e_steps", e.steps())
                .put("e_diverged_at", e.divergedAt()).put("e_cause", e.divergenceCause())
                .put("e_noise_free", e.noiseFree()).put("e_mean_cosine", e.meanCosine()).put("e_cosines", e.cosines())
                .put("e_last_quarter_rate", e.lastQuarterRate()).put("e_eval_steps", boxed(e.evalSteps()))
                .put("e_train_losses", boxed(e.trainLosses())).put("e_val_losses", boxed(e.valLosses()))
                .row();
    }

    /** Rebuilds the evidence from an evidence row. */
    static Evidence evidence(Row r) {
        List<Long> steps = r.getList(r.fieldIndex("e_eval_steps"));
        List<Double> train = r.getList(r.fieldIndex("e_train_losses"));
        List<Double> val = r.getList(r.fieldIndex("e_val_losses"));
        return new Evidence(r.getAs("e_steps"), r.getAs("e_diverged_at"), r.getAs("e_cause"), r.getAs("e_noise_free"),
                r.getAs("e_mean_cosine"), r.getAs("e_cosines"), r.getAs("e_last_quarter_rate"),
                steps.stream().mapToLong(Long::longValue).toArray(), train.stream().mapToDouble(Double::doubleValue)
                .toArray(), val.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static scala.collection.Seq<Long> boxed(long[] values) {
        return CollectionConverters.asScala(Arrays.stream(values).boxed().toList()).toSeq();
    }

    private static scala.collection.Seq<Double> boxed(double[] values) {
        return CollectionConverters.asScala(Arrays.stream(values).boxed().toList()).toSeq();
    }

    /**
     * Ranks judged trials: those that did not diverge first, then by {@code rankBy} ascending with nulls last, ties
     * to the larger learning rate, then to grid order; rank 1, 2, ….
     */
    static Dataset<Row> rank(Dataset<Row> judged, String rankBy) {
        // One ordering over all trials: a constant partition, which is what an unpartitioned window does anyway
        // (trial rows are few), without Spark's warning about it.
        Column rank = row_number().over(Window.partitionBy(lit(0)).orderBy(col("diverged").asc(),
                col(rankBy).asc_nulls_last(), col("learning_rate").desc(), col("trial_index").asc())).cast("int");
        return judged.withColumn("rank", rank)
                .select(TrialsTable.COLUMNS.stream().map(c -> col(c.name())).toArray(Column[]::new));
    }
}
