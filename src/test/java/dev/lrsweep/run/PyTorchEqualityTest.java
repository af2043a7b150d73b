package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.core.Golden;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline against PyTorch: the golden data set written as CSV, swept through {@code lrsweep run}
 * with full batches, no shuffling, no validation, no standardisation and an evaluation at every update. The
 * curve's training loss at step t must equal PyTorch's full-data loss after t updates from zero, for every
 * optimizer and schedule of the golden file's full-batch linear cases. For a full batch, PyTorch's mini-batch
 * loss of update t (0-based) is exactly that loss after t updates; the loss after the last update is computed
 * from PyTorch's final parameters (MSE, mean, no ½).
 */
class PyTorchEqualityTest {
    static final double TOLERANCE = 1e-12;

    @Test
    @DisplayName("the training-loss curve equals PyTorch's full-data loss after every update, for every optimizer and schedule")
    void theTrainingLossCurveEqualsPyTorchsAfterEveryUpdate() {
        List<JsonNode> cases = Golden.list("cases").stream()
                .filter(c -> c.get("name").asText().startsWith("linear/full/"))
                .filter(c -> c.get("clip_grad_norm").isNull())
                .toList();
        assertTrue(cases.size() >= 30, "golden full-batch linear cases: " + cases.size());
        JsonNode set = Golden.root().get("datasets").get("linear");
        Path dir = Sweeps.workDir("pytorch");
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3,label\n");
        for (int i = 0; i < set.get("x").size(); i++) {
            for (JsonNode v : set.get("x").get(i)) {
                csv.append(Double.toString(v.asDouble())).append(',');
            }
            csv.append(Double.toString(set.get("y").get(i).asDouble())).append('\n');
        }
        Path data = Sweeps.write(dir.resolve("linear.csv"), csv.toString());
        Set<Double> rates = new TreeSet<>();
        Set<String> optimizers = new LinkedHashSet<>();
        Set<String> schedules = new LinkedHashSet<>();
        for (JsonNode c : cases) {
            rates.add(c.get("learning_rate").asDouble());
            optimizers.add(c.get("optimizer").toString());
            schedules.add(c.get("schedule").toString());
        }
        Path results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("golden.yaml"), """
                name: pytorch-golden
                data:
                  path: %s
                  format: csv
                  validation: 0
                  standardize: false
                model:
                  type: linear
                grid:
                  learning_rates: %s
                  batch_sizes: [full]
                  optimizers: [%s]
                  schedules: [%s]
                train:
                  steps: 40
                  shuffle: false
                  eval_every: 1
                  log_every: 1
                diagnose:
                  divergence_factor: 1.0e300
                output: %s
                """.formatted(data, rates, String.join(", ", optimizers), String.join(", ", schedules), results));
        Sweeps.Outcome run = lrsweep("run", sweep.toString());
        assertEquals(0, run.code(), run.err() + run.out());

        Dataset<Row> trials = spark().read().parquet(results.resolve("trials").toString());
        assertEquals(rates.size() * optimizers.size() * schedules.size(), trials.count());
        Map<String, String> ids = trials.select("optimizer", "schedule", "learning_rate", "trial_id").collectAsList()
                .stream().collect(Collectors.toMap(r -> key(r.getString(0), r.getString(1), r.getDouble(2)),
                        r -> r.getString(3)));
        List<String> wanted = new ArrayList<>();
        List<String> caseIds = new ArrayList<>();
        for (JsonNode c : cases) {
            String id = ids.get(key(Optimizers.create(Golden.spec(c.get("optimizer"))).readable(),
                    Schedules.create(Golden.spec(c.get("schedule")), 1.0, 1L << 40).readable(),
                    c.get("learning_rate").asDouble()));
            assertTrue(id != null, "no trial for " + c.get("name").asText());
            wanted.add("'" + id + "'");
            caseIds.add(id);
        }
        Map<String, double[]> curves = new java.util.HashMap<>();
        for (Row r : spark().read().parquet(results.resolve("curves").toString())
                .filter("trial_id IN (" + String.join(",", wanted) + ")").collectAsList()) {
            double[] curve = curves.computeIfAbsent(r.getAs("trial_id"), k -> new double[41]);
            curve[(int) r.<Long>getAs("step").longValue()] = r.getAs("train_loss");
        }
        double[][] x = new double[set.get("x").size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = Golden.doubles(set.get("x").get(i));
        }
        double[] y = Golden.doubles(set.get("y"));
        for (int k = 0; k < cases.size(); k++) {
            JsonNode c = cases.get(k);
            String name = c.get("name").asText();
            double[] curve = curves.get(caseIds.get(k));
            close(c.get("initial_loss").asDouble(), curve[0], name + " at step 0");
            for (int t = 1; t < 40; t++) {
                close(c.get("batch_loss").get(t).asDouble(), curve[t], name + " at step " + t);
            }
            close(mse(Golden.doubles(c.get("params").get(39)), x, y), curve[40], name + " at step 40");
        }
    }

    static String key(String optimizer, String schedule, double lr) {
        return optimizer + " | " + schedule + " | " + lr;
    }

    /** PyTorch's MSELoss over all rows at these parameters [w, b]. */
    static double mse(double[] params, double[][] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double z = params[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                z += params[j] * x[i][j];
            }
            sum += (z - y[i]) * (z - y[i]);
        }
        return sum / x.length;
    }

    static void close(double expected, double actual, String what) {
        double error = Math.abs(actual - expected);
        assertTrue(error <= TOLERANCE * Math.abs(expected), what + ": " + actual + " vs PyTorch " + expected
                + " (relative error " + error / Math.abs(expected) + ")");
    }
}
