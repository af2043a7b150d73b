package dev.lrsweep.results;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.Sweeps;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A ladder scaled with the batch size, and the fit of how the stable rates moved with it. */
class BatchScalingTest {
    static Path results;
    static Sweeps.Outcome run;

    @BeforeAll
    static void runTheSweep() {
        Path dir = Sweeps.workDir("scaling");
        Path data = Sweeps.parquet(dir.resolve("data.parquet"), List.of("x0", "x1", "x2", "label"),
                Sweeps.logisticRows(600, new double[] {1.5, -1, 0.5}, 0.2, 5));
        results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("scaling.yaml"), """
                data: {path: %s, standardize: true}
                model: {type: logistic}
                train: {epochs: 4}
                grid:
                  learning_rates: {from: 0.01, to: 300, per_decade: 3}
                  batch_sizes: [16, 64, 256]
                  scale_lr_with_batch: {rule: sqrt, reference: 16}
                  optimizers: [sgd, adam]
                  seeds: [0, 1]
                output: %s
                """.formatted(data, results));
        run = lrsweep("run", sweep.toString());
    }

    @Test
    @DisplayName("each batch size tries the ladder scaled by √(B / 16), and the trials keep the rates they ran")
    void eachBatchSizeTriesTheLadderScaledBySquareRoot() {
        assertEquals(0, run.code(), run.err() + run.out());
        List<Row> rows = spark().read().parquet(results.resolve("trials").toString())
                .selectExpr("batch_size", "min(learning_rate) OVER (PARTITION BY batch_size) AS lowest")
                .distinct().orderBy("batch_size").collectAsList();
        assertEquals(0.01, rows.get(0).getDouble(1), 1e-15);
        assertEquals(0.02, rows.get(1).getDouble(1), 1e-15);
        assertEquals(0.04, rows.get(2).getDouble(1), 1e-15);
    }

    @Test
    @DisplayName("batch_scaling's exponent is the least-squares slope of log rate on log batch size over the summary's"
            + " points, for the largest stable rate and the recommended one")
    void theExponentIsADirectLogLogFitOfTheSummarysPoints() {
        List<Row> fits = spark().read().parquet(results.resolve("batch_scaling").toString())
                .orderBy("optimizer").collectAsList();
        assertEquals(2, fits.size(), "a row per optimizer × schedule");
        for (Row fit : fits) {
            List<Row> points = spark().read().parquet(results.resolve("summary").toString())
                    .filter("optimizer = '" + fit.getAs("optimizer") + "'")
                    .select("batch_size", "largest_stable_lr", "recommended_lr").collectAsList();
            assertEquals(3, fit.<Integer>getAs("batch_sizes"));
            for (String column : List.of("largest_stable_lr", "recommended_lr")) {
                String prefix = column.replace("largest_", "");
                double[] slope = slope(points, column);
                assertEquals((int) slope[1], fit.<Integer>getAs(prefix + "_points"), column);
                if (slope[1] >= 2) {
                    assertEquals(slope[0], fit.<Double>getAs(prefix + "_exponent"), 1e-12, fit + " " + column);
                }
                String rule = fit.getAs(prefix + "_rule");
                assertTrue(List.of("linear", "square-root", "flat", "unclear").contains(rule), rule);
            }
        }
        assertTrue(run.out().contains("Batch-size scaling (α ∝ B^k"), run.out());
    }

    /** The ordinary least-squares slope of ln(rate) on ln(batch size), and the points with a rate. */
    static double[] slope(List<Row> points, String column) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        for (Row p : points) {
            if (!p.isNullAt(p.fieldIndex(column))) {
                n++;
                sx += Math.log(p.<Integer>getAs("batch_size"));
                sy += Math.log(p.<Double>getAs(column));
            }
        }
        double sxy = 0;
        double sxx = 0;
        for (Row p : points) {
            if (!p.isNullAt(p.fieldIndex(column))) {
                double dx = Math.log(p.<Integer>getAs("batch_size")) - sx / n;
                sxy += dx * (Math.log(p.<Double>getAs(column)) - sy / n);
                sxx += dx * dx;
            }
        }
        return new double[] {sxy / sxx, n};
    }
}
