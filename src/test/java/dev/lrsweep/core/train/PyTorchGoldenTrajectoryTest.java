package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.core.Golden;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Models;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer and schedule, on every model, full-batch and mini-batch, against trajectories that PyTorch 1.13
 * computed in float64: the rate, mini-batch loss, gradient norm and every parameter after each of 40 updates
 * agree to 1e-12, relative to the magnitude of the golden value (the largest element, for parameter vectors).
 */
class PyTorchGoldenTrajectoryTest {
    static final double TOLERANCE = 1e-12;

    static Stream<Arguments> cases() {
        return Golden.list("cases").stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @Test
    @DisplayName("the golden set covers every optimizer and schedule on all three models in both batch modes")
    void theGoldenSetCoversEveryOptimizerAndSchedule() {
        java.util.Set<String> optimizers = new java.util.TreeSet<>();
        java.util.Set<String> schedules = new java.util.TreeSet<>();
        java.util.Set<String> modelsAndBatches = new java.util.TreeSet<>();
        for (JsonNode c : Golden.list("cases")) {
            optimizers.add(c.get("optimizer").get("type").asText());
            schedules.add(c.get("schedule").get("type").asText());
            modelsAndBatches.add(c.get("model").asText() + "/" + (c.get("batch_size").asInt() == 24 ? "full" : "mini"));
            assertTrue(c.get("steps").asInt() >= 30);
        }
        assertEquals(new java.util.TreeSet<>(Optimizers.TYPES), optimizers);
        assertEquals(new java.util.TreeSet<>(Schedules.TYPES), schedules);
        assertEquals(6, modelsAndBatches.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("a trajectory matches PyTorch to 1e-12 at every update")
    void aTrajectoryMatchesPyTorch(String name, JsonNode c) {
        DataBlock data = Golden.dataset(c.get("dataset").asText());
        Model model = Models.create(c.get("model").asText(), data.features(), Golden.classes(c.get("dataset").asText()));
        int steps = c.get("steps").asInt();
        double alpha = c.get("learning_rate").asDouble();
        JsonNode clip = c.get("clip_grad_norm");
        TrainingSettings settings = new TrainingSettings(false, EvaluationCadence.everyUpdates(1), 1,
                clip == null || clip.isNull() ? Double.NaN : clip.asDouble(), 1e300, 0.9);
        TrialPlan plan = new TrialPlan(model,
                Optimizers.create(Golden.spec(c.get("optimizer"))).optimizer(),
                Schedules.create(Golden.spec(c.get("schedule")), alpha, steps).schedule(),
                c.get("batch_size").asInt(), steps, 1L, new double[model.parameterCount()], settings);
        TrainingKernel kernel = new TrainingKernel(plan, data, null, null);
        Curve curve = new Curve();
        TrainingState state = kernel.start(curve);
        close(c.get("initial_loss").asDouble(), curve.trainLoss(0), name + " initial loss");
        for (int k = 0; k < steps; k++) {
            kernel.run(state, k + 1, curve);
            int point = k + 1;
            assertEquals(k + 1, curve.step(point));
            close(c.get("lr").get(k).asDouble(), curve.lr(point), name + " lr at update " + k);
            close(c.get("batch_loss").get(k).asDouble(), curve.batchLoss(point), name + " batch loss at update " + k);
            close(c.get("grad_norm").get(k).asDouble(), curve.gradNorm(point), name + " grad norm at update " + k);
            double[] expected = Golden.doubles(c.get("params").get(k));
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            double[] actual = state.params();
            for (int i = 0; i < expected.length; i++) {
                double error = Math.abs(actual[i] - expected[i]);
                assertTrue(error <= TOLERANCE * scale, name + ": parameter " + i + " after update " + (k + 1)
                        + " is " + actual[i] + ", PyTorch has " + expected[i] + " (relative error " + error / scale + ")");
            }
        }
        assertEquals(steps, state.step());
    }

    static void close(double expected, double actual, String what) {
        double error = Math.abs(actual - expected);
        assertTrue(error <= TOLERANCE * Math.abs(expected), what + ": " + actual + " vs PyTorch " + expected
                + " (relative error " + error / Math.abs(expected) + ")");
    }
}
