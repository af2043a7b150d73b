package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A loss that overflows to infinity and NaN in the middle of a run is a verdict, not a crash: the trial is
 * {@code diverged} at the update where it happened, and the run completes with the other trials judged as
 * usual. The data are {@link KnownLambdaMaxTest}'s (λ_max = 8): at α = 1000 full-batch gradient descent
 * multiplies the stiff error component by about −8000 per step, so the loss overflows after some 40 updates.
 * The divergence factor is set out of reach and the loss evaluated only at the end, so that nothing but the
 * non-finite mini-batch loss stops the trial.
 */
class NonFiniteLossTest {
    static Sweeps.Outcome run;
    static Map<Double, Row> trials;
    static Path results;

    @BeforeAll
    static void runASweepWithAnOverflowingRate() {
        Path dir = Sweeps.workDir("overflow");
        double[] c = KnownLambdaMaxTest.C;
        double[][] rows = new double[64][4];
        for (int i = 0; i < rows.length; i++) {
            double y = 0.3;
            for (int j = 0; j < 3; j++) {
                rows[i][j] = c[j] * (((i >> j) & 1) == 0 ? 1 : -1);
                y += (j + 1) * 0.5 * rows[i][j];
            }
            rows[i][3] = y;
        }
        Path data = Sweeps.parquet(dir.resolve("quadratic.parquet"), List.of("x0", "x1", "x2", "label"), rows);
        results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("overflow.yaml"), """
                data:
                  path: %s
                model:
                  type: linear
                grid:
                  learning_rates: [0.01, 0.05, 1000]
                  batch_sizes: [full, 16]
                  optimizers: [sgd]
                train:
                  steps: 200
                  eval_every: 1000
                  log_every: 5
                diagnose:
                  divergence_factor: 1.0e300
                output: %s
                """.formatted(data, results));
        run = lrsweep("run", sweep.toString());
        trials = spark().read().parquet(results.resolve("trials").toString()).filter("batch_size = 64")
                .collectAsList().stream().collect(Collectors.toMap(r -> r.<Double>getAs("learning_rate"),
                        Function.identity()));
    }

    @Test
    @DisplayName("the run completes with exit code 0 and reports the diverged trials in its progress")
    void theRunCompletes() {
        assertEquals(0, run.code(), run.err() + run.out());
        assertEquals(List.of(), run.errLines(), "no error lines");
        assertTrue(run.out().contains("trials 6/6 done, 2 diverged"), run.out());
    }

    @Test
    @DisplayName("the trial whose loss overflows mid-run is diverged at that update, with the non-finite loss as its reason")
    void theOverflowingTrialIsDivergedMidRun() {
        Row t = trials.get(1000.0);
        assertEquals("diverged", t.getAs("status"));
        long at = t.<Long>getAs("diverged_at_step");
        assertTrue(at > 10 && at < 200, "diverged mid-run, at step " + at);
        String reason = t.getAs("reason");
        assertTrue(reason.contains("the mini-batch loss of update " + at + " is "), reason);
        assertTrue(reason.contains("Infinity") || reason.contains("NaN"), reason);
        Row last = spark().read().parquet(results.resolve("curves").toString())
                .filter("trial_id = '" + t.getAs("trial_id") + "'").orderBy(org.apache.spark.sql.functions.desc("step"))
                .first();
        assertEquals(at, last.<Long>getAs("step"), "the curve ends where the trial stopped");
        Double loss = last.getAs("batch_loss"); // NaN is stored as null, like every absent value
        assertTrue(loss == null || !Double.isFinite(loss), "the recorded loss is the non-finite one: " + loss);
    }

    @Test
    @DisplayName("the other trials train to the end and are judged as usual")
    void theOtherTrialsAreFine() {
        for (double lr : List.of(0.01, 0.05)) {
            Row t = trials.get(lr);
            assertNotEquals("diverged", t.getAs("status"), "α = " + lr);
            assertTrue(Double.isFinite(t.<Double>getAs("final_train_loss")), "α = " + lr);
            assertTrue(t.<Double>getAs("final_train_loss") < t.<Double>getAs("initial_train_loss"), "α = " + lr);
        }
        Row summary = spark().read().parquet(results.resolve("summary").toString()).filter("batch_size = 64").first();
        assertEquals(0.05, summary.<Double>getAs("largest_stable_lr"));
        assertEquals(1000.0, summary.<Double>getAs("divergence_lr"));
    }
}
