package dev.lrsweep.results;

import static dev.lrsweep.core.spec.Format.significant;

import dev.lrsweep.core.landscape.Landscape;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.optim.Sgd;
import dev.lrsweep.core.spec.Spec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The end of a run, after the ranking: the stability edge the data imply ({@code landscape/}) against what the
 * sweep observed, for each SGD optimizer × schedule at its largest batch size (the edge is that of full-batch
 * training; smaller batches' noise lowers it): 2/λ_max for plain SGD, the heavy-ball edge for SGD with momentum
 * (none for Nesterov's form and the adaptive methods). Then the batch-size scaling of {@code batch_scaling/}.
 */
public final class EdgeReport {
    private EdgeReport() {
    }

    public static void print(SparkSession spark, String dir, List<Spec> optimizers, long trainingRows, PrintWriter out) {
        List<String> lines = lines(spark.read().parquet(dir + "/landscape").first(),
                spark.read().parquet(dir + "/summary").orderBy("group_index").collectAsList(), optimizers,
                trainingRows);
        if (!lines.isEmpty()) {
            out.println();
            out.println(lines.get(0));
            lines.subList(1, lines.size()).forEach(l -> out.println("  " + l));
        }
        BatchScalingTable.print(BatchScalingTable.fits(spark.read().parquet(dir + "/summary")), out);
        out.flush();
    }

    /**
     * The comparison as lines: a heading, then one line per SGD optimizer × schedule at its largest batch size;
     * none when the sweep has no plain or heavy-ball SGD.
     *
     * @param landscape the row of {@code landscape/}
     * @param summary   the rows of {@code summary/}, in grid order
     */
    public static List<String> lines(Row landscape, List<Row> summary, List<Spec> optimizers, long trainingRows) {
        Map<String, Double> edges = new LinkedHashMap<>();
        double lambda = landscape.getAs("lambda_max");
        for (Spec spec : optimizers) {
            Optimizers.Built built = Optimizers.create(spec);
            if (built.optimizer() instanceof Sgd sgd && !sgd.nesterov()) {
                edges.put(built.readable(), Landscape.heavyBallEdge(lambda, sgd.momentum(), sgd.dampening()));
            }
        }
        Map<String, Row> largest = new LinkedHashMap<>();
        for (Row r : summary) {
            String key = r.getAs("optimizer") + " | " + r.getAs("schedule");
            Row seen = largest.get(key);
            if (seen == null || r.<Integer>getAs("batch_size") > seen.<Integer>getAs("batch_size")) {
                largest.put(key, r);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Row r : largest.values()) {
            Double edge = edges.get(r.<String>getAs("optimizer"));
            if (edge == null || Double.isNaN(lambda)) {
                continue;
            }
            int batch = r.getAs("batch_size");
            lines.add(r.<String>getAs("optimizer") + " | " + r.<String>getAs("schedule") + " | batch " + batch
                    + (batch >= trainingRows ? " (full)" : "") + ": edge " + significant(edge, 3)
                    + "; observed largest stable " + rate(r, "largest_stable_lr") + ", first unstable "
                    + rate(r, "first_unstable_lr") + verdict(edge, r));
        }
        if (!lines.isEmpty()) {
            lines.add(0, "Stability edge from the data (landscape/, λmax " + significant(lambda, 3)
                    + ") against the sweep, at each SGD group's largest batch:");
        }
        return lines;
    }

    private static String rate(Row r, String column) {
        return r.isNullAt(r.fieldIndex(column)) ? "none" : significant(r.<Double>getAs(column), 3);
    }

    private static String verdict(double edge, Row r) {
        Double stable = r.isNullAt(r.fieldIndex("largest_stable_lr")) ? null : r.getAs("largest_stable_lr");
        Double above = r.isNullAt(r.fieldIndex("first_unstable_lr")) ? null : r.getAs("first_unstable_lr");
        if (stable != null && above != null && stable <= edge && edge <= above) {
            return " (the edge lies between)";
        }
        if (above != null && above < edge) {
            return " (unstable below the edge)";
        }
        if (stable != null && stable > edge) {
            return " (stable above the edge)";
        }
        return "";
    }
}
