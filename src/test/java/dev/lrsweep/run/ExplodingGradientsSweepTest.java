package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A deep, narrow network whose gradients explode: 6 tanh layers of 8 units at initial scale 5 on the digits (pixels
 * / 16), sgd at a constant rate, batch 128, with and without clipping at 1. Unclipped, the gradient norm jumps
 * early and throws the model off; clipped, the same rate trains smoothly. The verdicts, the reasons and the
 * summary say so.
 */
class ExplodingGradientsSweepTest {
    static Sweeps.Outcome run;
    static List<Row> trials;
    static Path results;

    @BeforeAll
    static void runADeepNarrowNetworkWithAndWithoutClipping() throws IOException {
        Path dir = Sweeps.workDir("exploding");
        StringBuilder csv = new StringBuilder();
        try (InputStream in = ExplodingGradientsSweepTest.class.getResourceAsStream("/datasets/digits.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            csv.append(lines.get(0)).append('\n');
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                for (int j = 0; j < 64; j++) {
                    csv.append(Double.parseDouble(f[j]) / 16).append(',');
                }
                csv.append(f[64]).append('\n');
            }
        }
        Path data = Sweeps.write(dir.resolve("digits16.csv"), csv.toString());
        results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("exploding.yaml"), """
                seed: 0
                data:
                  path: %s
                  format: csv
                  label: label
                model:
                  type: mlp
                  hidden: [8, 8, 8, 8, 8, 8]
                  activation: tanh
                  output: softmax
                  init_scale: 5
                train:
                  steps: 500
                  eval_every: 10
                  log_every: 1
                grid:
                  learning_rates: [0.05, 0.2]
                  batch_sizes: [128]
                  optimizers: [sgd]
                  clip_grad_norms: [null, 1.0]
                output: %s
                """.formatted(data, results));
        run = lrsweep("run", sweep.toString());
        trials = spark().read().parquet(results.resolve("trials").toString()).orderBy("trial_index").collectAsList();
    }

    private static Row trial(double rate, Double clip) {
        return trials.stream().filter(r -> r.<Double>getAs("learning_rate") == rate
                && java.util.Objects.equals(r.getAs("clip_grad_norm"), clip)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("unclipped at 0.2, the trial is flagged exploding_gradients with the step and size of the jump, not stable, and its reason names the clipped twin that held")
    void theUnclippedTrialExplodes() {
        assertEquals(0, run.code(), run.err() + run.out());
        Row free = trial(0.2, null);
        String reason = free.getAs("reason");
        assertEquals("exploding_gradients", free.getAs("status"), reason);
        assertTrue(free.<Boolean>getAs("exploding_gradients"), reason);
        assertFalse(free.<Boolean>getAs("stable"), reason);
        assertTrue(free.<Double>getAs("gradient_jump") >= 10, reason);
        long step = free.<Long>getAs("gradient_jump_step");
        assertTrue(reason.startsWith("exploding gradients: the gradient norm jumped to "), reason);
        assertTrue(reason.contains(" at step " + step + ", "), reason);
        assertTrue(reason.contains("; clipping at 1 held at the same rate"), reason);
    }

    @Test
    @DisplayName("clipped at 1 the same rate trains stably, without a jump, and its group recommends a rate")
    void theClippedTwinHolds() {
        Row clipped = trial(0.2, 1.0);
        String reason = clipped.getAs("reason");
        assertTrue(clipped.<Boolean>getAs("stable"), reason);
        assertFalse(clipped.<Boolean>getAs("exploding_gradients"), reason);
        assertNull(clipped.getAs("gradient_jump_step"));
        assertTrue(clipped.<Double>getAs("final_train_loss") < 0.5 * trial(0.2, null).<Double>getAs("final_train_loss"),
                reason);
        List<Row> summary = spark().read().parquet(results.resolve("summary").toString()).orderBy("group_index")
                .collectAsList();
        assertEquals(2, summary.size());
        Row unclippedGroup = summary.stream().filter(r -> r.isNullAt(r.fieldIndex("clip_grad_norm"))).findFirst()
                .orElseThrow();
        Row clippedGroup = summary.stream().filter(r -> !r.isNullAt(r.fieldIndex("clip_grad_norm"))).findFirst()
                .orElseThrow();
        assertTrue(unclippedGroup.<Long>getAs("exploding_gradients_trials") >= 1);
        assertEquals(0.2, clippedGroup.<Double>getAs("largest_stable_lr"));
        assertTrue(run.out().contains("clip_grad_norm"), "the console's table names the clipping:\n" + run.out());
        assertTrue(run.out().contains("Use α = 0.2 with optimizer sgd, schedule constant, batch size 128, gradients"
                + " clipped at 1 and initial scale 5."), run.out());
        assertTrue(run.out().contains("|exploding_gradients|false |"), run.out());
    }
}
