package dev.lrsweep.spark;

import static org.apache.spark.sql.functions.col;

import dev.lrsweep.core.spec.Format;
import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The end of a run on stdout: the top of the ranking (never every trial) and the recommendation, the largest
 * stable learning rate per optimizer × schedule × batch size and the overall best trial.
 */
final class Report {
    static final int TOP = 10;

    private Report() {
    }

    static void print(SparkSession spark, String dir, String rankBy, long trials, PrintWriter out) {
        Dataset<Row> top = spark.read().parquet(dir + "/trials").orderBy("rank").limit(TOP)
                .select(col("rank"), col("status"), col("learning_rate").as("lr"), col("optimizer"),
                        col("schedule"), col("batch_size").as("batch"), col(rankBy), col("trial_id"));
        List<Row> rows = top.collectAsList();
        out.println();
        out.println((rows.size() < trials ? "Top " + rows.size() + " of " + trials + " trials" : "All " + trials
                + " trials") + " by " + rankBy + " (stable trials first):");
        QueryOutput.table(rows, top.schema(), out);

        List<Row> groups = spark.read().parquet(dir + "/summary").orderBy("group_index").collectAsList();
        out.println();
        out.println("Largest stable learning rate per optimizer | schedule | batch size:");
        for (Row g : groups) {
            String stable = g.isNullAt(g.fieldIndex("largest_stable_lr")) ? "none of the rates tried is stable"
                    : Format.number(g.<Double>getAs("largest_stable_lr"));
            String diverges = g.isNullAt(g.fieldIndex("divergence_lr")) ? "no rate tried diverged"
                    : "diverges from " + Format.number(g.<Double>getAs("divergence_lr"));
            String axes = (g.isNullAt(g.fieldIndex("clip_grad_norm")) ? ""
                    : " | clip " + Format.number(g.<Double>getAs("clip_grad_norm")))
                    + (g.<Double>getAs("init_scale") == 1.0 ? "" : " | init_scale " + Format.number(g.getAs("init_scale")));
            out.println("  " + g.getAs("optimizer") + " | " + g.getAs("schedule") + " | batch " + g.getAs("batch_size")
                    + axes + ": " + stable + " (" + diverges + ")");
        }
        if (!rows.isEmpty()) {
            Row best = rows.get(0);
            Object value = best.getAs(rankBy);
            out.println("Best trial: " + best.getAs("trial_id") + " (lr " + Format.number(best.<Double>getAs("lr"))
                    + ", " + best.getAs("optimizer") + ", " + best.getAs("schedule") + ", batch " + best.getAs("batch")
                    + "): " + rankBy + " " + (value == null ? "NULL" : Format.number((Double) value))
                    + ", " + best.getAs("status"));
        }
        out.println("Results: " + dir);
        out.flush();
    }
}
