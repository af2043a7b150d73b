package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.SplitMix64;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Full-batch gradient descent on a quadratic diverges exactly when α exceeds 2/λ_max. The data make λ_max
 * known: with zero-mean, mutually orthogonal feature columns x_j = c_j·h_j (h_j the ±1 Walsh patterns of 64
 * rows), the Hessian of the MSE loss (1/n)Σ(w·x + b − y)² is (2/n)·[XᵀX, 0; 0, n], diagonal with entries
 * 2c_j² and 2. With c = (2, 1, 0.7), λ_max = 8 and the edge of stability is 2/λ_max = 0.25.
 */
class KnownLambdaMaxTest {
    static final double[] C = {2, 1, 0.7};
    static final double LAMBDA_MAX = 2 * C[0] * C[0];
    static final double EDGE = 2 / LAMBDA_MAX;

    @Test
    @DisplayName("the learning rate above 2/λ_max diverges, one well below it is ok, and the largest stable one lies below the edge")
    void theRateAbove2OverLambdaMaxDivergesAndTheLargestStableLiesBelow() {
        Path dir = Sweeps.workDir("lambda-max");
        int n = 64;
        double[][] rows = new double[n][4];
        SplitMix64 noise = new SplitMix64(3);
        for (int i = 0; i < n; i++) {
            double y = 0.3 + 0.01 * noise.nextGaussian();
            double[] w = {0.5, -1, 0.8};
            for (int j = 0; j < 3; j++) {
                rows[i][j] = C[j] * (((i >> j) & 1) == 0 ? 1 : -1);
                y += w[j] * rows[i][j];
            }
            rows[i][3] = y;
        }
        Path data = Sweeps.parquet(dir.resolve("quadratic.parquet"), List.of("x0", "x1", "x2", "label"), rows);
        Path results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("edge.yaml"), """
                data:
                  path: %s
                model:
                  type: linear
                grid:
                  learning_rates: [0.01, 0.03, 0.1, 0.2, 0.24, 0.26, 0.3, 1.0]
                  batch_sizes: [full]
                  optimizers: [sgd]
                train:
                  steps: 100
                  shuffle: false
                  eval_every: 1
                output: %s
                """.formatted(data, results));
        Sweeps.Outcome run = lrsweep("run", sweep.toString());
        assertEquals(0, run.code(), run.err() + run.out());

        Map<Double, String> status = spark().read().parquet(results.resolve("trials").toString())
                .select("learning_rate", "status").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getDouble(0), r -> r.getString(1)));
        for (double lr : List.of(0.26, 0.3, 1.0)) {
            assertTrue(lr > EDGE);
            assertEquals("diverged", status.get(lr), "α = " + lr + " lies above 2/λ_max = " + EDGE);
        }
        assertTrue(0.03 <= 0.5 / LAMBDA_MAX);
        assertEquals("ok", status.get(0.03), "α = 0.03 lies well below the edge");
        Row summary = spark().read().parquet(results.resolve("summary").toString()).first();
        double largestStable = summary.getAs("largest_stable_lr");
        assertTrue(largestStable < EDGE, "largest stable " + largestStable + " vs 2/λ_max " + EDGE);
        assertEquals(0.24, largestStable);
        assertEquals(0.26, summary.<Double>getAs("divergence_lr"));

        Row landscape = spark().read().parquet(results.resolve("landscape").toString()).first();
        assertEquals(LAMBDA_MAX, landscape.<Double>getAs("lambda_max"), 0.01 * LAMBDA_MAX, "within 1 % of λ_max");
        double edge = landscape.getAs("gd_edge_lr");
        assertTrue(largestStable <= edge && edge <= summary.<Double>getAs("divergence_lr"),
                "largest stable " + largestStable + " ≤ 2/λ_max " + edge + " ≤ divergence " + summary.getAs("divergence_lr"));
        assertEquals(LAMBDA_MAX / (2 * C[2] * C[2]), landscape.<Double>getAs("condition_number"), 1e-6,
                "the smallest eigenvalue is 2·0.7²");
        assertTrue(run.out().contains("2/λmax = 0.25"), run.out());
        assertTrue(run.out().contains("sgd | constant | batch 64 (full): edge 0.25; observed largest stable 0.24"),
                run.out());
    }
}
