package dev.lrsweep.results;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.diagnose.Status;
import dev.lrsweep.core.diagnose.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** {@code trials/}: one row per trial, its settings, verdict, losses, rank and the evidence behind the verdict. */
public final class TrialsTable {
    /** The columns, in order; the first eight are the trial's settings, shared with the evidence rows. */
    public static final List<ResultColumn> COLUMNS = columns();
    /** The schema of {@code trials/}. */
    public static final StructType SCHEMA = ResultColumn.schema(COLUMNS);
    /** The columns before ranking: all but {@code rank}. */
    public static final StructType JUDGED = ResultColumn.schema(COLUMNS.stream().filter(c -> !c.name().equals("rank")).toList());

    private TrialsTable() {
    }

    /** The trial's settings columns, learning_rate … seed, which the evidence rows carry too. */
    public static List<ResultColumn> settings() {
        return List.of(
                new ResultColumn("learning_rate", DoubleType, false, "the base rate α"),
                new ResultColumn("schedule", StringType, false, "readable schedule, non-default parameters only:"
                        + " `cosine`, `warmup_cosine(warmup_fraction=0.05)`"),
                new ResultColumn("batch_size", IntegerType, false, "the batch size used (`full` resolved to the"
                        + " training rows)"),
                new ResultColumn("optimizer", StringType, false, "readable optimizer: `adam`,"
                        + " `adamw(weight_decay=0.05)`"),
                new ResultColumn("optimizer_type", StringType, false, "the bare optimizer type: `adam`"),
                new ResultColumn("schedule_type", StringType, false, "the bare schedule type: `warmup_cosine`"),
                new ResultColumn("seed", LongType, false, "the grid seed"));
    }

    private static List<ResultColumn> columns() {
        List<ResultColumn> c = new ArrayList<>();
        c.add(new ResultColumn("trial_id", StringType, false, "a stable hash of the trial's settings"));
        c.addAll(settings());
        c.add(new ResultColumn("status", StringType, false, "the verdict: the first flag that applies, in the order"
                + " diverged, rising, oscillating, slow, plateaued, overfitting, zigzag, noisy; else `ok`"));
        c.add(new ResultColumn("stable", BooleanType, false, "the loss fell smoothly and clearly: none of diverged,"
                + " rising, oscillating, slow, plateaued"));
        for (Status s : Status.values()) {
            if (s != Status.OK) {
                c.add(new ResultColumn(s.label(), BooleanType, false, "whether the `" + s.label() + "` flag applies"));
            }
        }
        c.add(new ResultColumn("reason", StringType, false, "the verdict in a sentence, with the numbers behind it"));
        c.add(new ResultColumn("diverged_at_step", LongType, true, "the update at which the trial diverged, else"
                + " null"));
        c.add(new ResultColumn("steps", LongType, false, "updates made (fewer than planned when diverged)"));
        c.add(new ResultColumn("epochs", DoubleType, false, "epochs made"));
        c.add(new ResultColumn("initial_train_loss", DoubleType, true, "evaluated training loss at step 0"));
        c.add(new ResultColumn("final_train_loss", DoubleType, true, "evaluated training loss at the end"));
        c.add(new ResultColumn("initial_val_loss", DoubleType, true, "validation loss at step 0 (null without"
                + " validation)"));
        c.add(new ResultColumn("final_val_loss", DoubleType, true, "validation loss at the end"));
        c.add(new ResultColumn("best_val_loss", DoubleType, true, "the lowest validation loss"));
        c.add(new ResultColumn("best_val_step", LongType, true, "the step of `best_val_loss`"));
        c.add(new ResultColumn("train_seconds", DoubleType, false, "the trial's training time"));
        c.add(new ResultColumn("rank", IntegerType, false, "1 = best: trials that did not diverge first, then by"
                + " `rank_by`, ties to the larger rate"));
        c.add(new ResultColumn("trial_index", IntegerType, false, "the trial's position in the expanded grid"));
        c.add(new ResultColumn("planned_steps", LongType, false, "the updates the trial was to make"));
        c.add(new ResultColumn("best_train_loss", DoubleType, true, "the lowest evaluated training loss"));
        c.add(new ResultColumn("best_train_step", LongType, true, "the step of `best_train_loss`"));
        c.add(new ResultColumn("loss_reduction", DoubleType, true, "initial minus final training loss"));
        c.add(new ResultColumn("still_falling", BooleanType, false, "its rate's loss was still falling at the end:"
                + " per unit of learning rate, the last quarter of evaluation points fell at least `falling_fraction`"
                + " as fast as the whole run (means over the rate's seeds)"));
        c.add(new ResultColumn("rate_loss_reduction", DoubleType, true, "the mean `loss_reduction` of this rate's"
                + " seeds that did not diverge"));
        c.add(new ResultColumn("group_best_reduction", DoubleType, true, "the largest `rate_loss_reduction` in the"
                + " group"));
        c.add(new ResultColumn("noise_floor", DoubleType, false, "the noise floor σ of the evaluated training loss"
                + " its rises were judged against (the largest of its rate's seeds'; 0 for full batch)"));
        c.add(new ResultColumn("loss_rises", IntegerType, false, "rises of the evaluated training loss that"
                + " counted (beyond the noise band and the rise tolerance)"));
        c.add(new ResultColumn("largest_rise", DoubleType, true, "the largest counted rise, null when none"));
        c.add(new ResultColumn("largest_rise_step", LongType, true, "where it peaked"));
        c.add(new ResultColumn("mean_update_cosine", DoubleType, true, "mean cosine between consecutive updates"));
        c.add(new ResultColumn("update_cosines", IntegerType, false, "the recorded points that have a cosine"));
        c.add(new ResultColumn("evaluations", IntegerType, false, "evaluated points, step 0 included"));
        c.add(new ResultColumn("curve_points", IntegerType, false, "rows of the trial in `curves`"));
        c.add(new ResultColumn("group_key", StringType, false, "optimizer | schedule | batch size"));
        return List.copyOf(c);
    }

    /** The judged row of a trial (every column but rank) from its evidence row, evidence and verdict. */
    public static Row judged(Row evidenceRow, Evidence e, Verdict v) {
        RowValues r = new RowValues(JUDGED);
        r.put("trial_id", evidenceRow.getAs("trial_id"));
        for (ResultColumn c : settings()) {
            r.put(c.name(), evidenceRow.getAs(c.name()));
        }
        r.put("status", v.status().label()).put("stable", v.stable());
        for (Status s : Status.values()) {
            if (s != Status.OK) {
                r.put(s.label(), v.has(s));
            }
        }
        long stepsPerEpoch = evidenceRow.getAs("steps_per_epoch");
        return r.put("reason", v.reason())
                .put("diverged_at_step", step(v.divergedAtStep()))
                .put("steps", e.steps())
                .put("epochs", (double) e.steps() / stepsPerEpoch)
                .put("initial_train_loss", e.initialLoss())
                .put("final_train_loss", e.finalLoss())
                .put("initial_val_loss", e.initialValLoss())
                .put("final_val_loss", e.finalValLoss())
                .put("best_val_loss", e.bestValLoss())
                .put("best_val_step", step(e.bestValStep()))
                .put("train_seconds", evidenceRow.getAs("train_seconds"))
                .put("trial_index", evidenceRow.getAs("trial_index"))
                .put("planned_steps", evidenceRow.getAs("planned_steps"))
                .put("best_train_loss", e.bestLoss())
                .put("best_train_step", step(e.bestStep()))
                .put("loss_reduction", e.reduction())
                .put("still_falling", v.falling())
                .put("rate_loss_reduction", v.meanReduction())
                .put("group_best_reduction", v.groupBestReduction())
                .put("noise_floor", v.noiseFloor())
                .put("loss_rises", v.rises().excursions())
                .put("largest_rise", v.rises().largestRiseStep() < 0 ? Double.NaN : v.rises().largestRise())
                .put("largest_rise_step", step(v.rises().largestRiseStep()))
                .put("mean_update_cosine", e.meanCosine())
                .put("update_cosines", e.cosines())
                .put("evaluations", e.evaluations())
                .put("curve_points", evidenceRow.getAs("curve_points"))
                .put("group_key", evidenceRow.getAs("group_key"))
                .row();
    }

    private static Long step(long v) {
        return v < 0 ? null : v;
    }
}
