package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.core.Golden;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Activation;
import dev.lrsweep.core.model.MultiLayerPerceptron;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-layer perceptrons against trajectories that PyTorch 1.13 computed in float64 with {@code nn.Linear}
 * layers ({@code src/test/golden/make_golden_mlp.py}): lrsweep's initial parameters are those the generator drew
 * and loaded into PyTorch, bit for bit, and then the rate, mini-batch loss, gradient norm and every parameter after
 * each of 30 updates agree to 1e-12, relative to the magnitude of the golden value (the largest element, for
 * parameter vectors), as {@link PyTorchGoldenTrajectoryTest} holds the regression models.
 */
class PyTorchGoldenPerceptronTest {

    static List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        Golden.perceptrons().get("cases").forEach(out::add);
        return out;
    }

    static Stream<Arguments> named() {
        return cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @Test
    @DisplayName("the golden set covers every activation, output and optimizer, one and two hidden layers, both batch modes, with and without clipping")
    void theGoldenSetCoversEveryActivationOutputAndOptimizer() {
        Set<String> seen = new TreeSet<>();
        Set<String> optimizers = new TreeSet<>();
        for (JsonNode c : cases()) {
            String batch = c.get("batch_size").asInt() == 24 ? "full" : "mini";
            String clip = c.get("clip_grad_norm").isNull() ? "free" : "clip";
            seen.add(c.get("activation").asText() + "/" + c.get("output").asText() + "/"
                    + c.get("hidden").size() + "/" + batch + "/" + clip);
            optimizers.add(c.get("optimizer").get("type").asText());
        }
        for (Activation a : Activation.values()) {
            for (String output : List.of("linear", "logistic", "softmax")) {
                for (int depth : new int[] {1, 2}) {
                    for (String batch : List.of("full", "mini")) {
                        for (String clip : List.of("free", "clip")) {
                            String key = a.label() + "/" + output + "/" + depth + "/" + batch + "/" + clip;
                            assertTrue(seen.contains(key), key);
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(Optimizers.TYPES), optimizers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("named")
    @DisplayName("a perceptron's trajectory matches PyTorch to 1e-12 at every update, from the same initial weights")
    void aPerceptronsTrajectoryMatchesPyTorch(String name, JsonNode c) {
        JsonNode set = Golden.perceptrons().get("datasets").get(c.get("dataset").asText());
        JsonNode x = set.get("x");
        double[][] rows = new double[x.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Golden.doubles(x.get(i));
        }
        DataBlock data = DataBlock.of(rows, Golden.doubles(set.get("y")));
        List<Integer> hidden = new ArrayList<>();
        c.get("hidden").forEach(h -> hidden.add(h.asInt()));
        MultiLayerPerceptron model = new MultiLayerPerceptron(data.features(), hidden,
                Activation.of(c.get("activation").asText()), c.get("output").asText(),
                set.has("classes") ? set.get("classes").asInt() : 0);
        double[] initial = model.initialParameters(c.get("init_seed").asLong(), c.get("init_scale").asDouble());
        assertArrayEquals(Golden.doubles(c.get("initial_params")), initial, 0.0, name + ": the initial parameters");

        int steps = c.get("steps").asInt();
        double alpha = c.get("learning_rate").asDouble();
        JsonNode clip = c.get("clip_grad_norm");
        TrainingSettings settings = new TrainingSettings(false, EvaluationCadence.everyUpdates(1), 1,
                clip.isNull() ? Double.NaN : clip.asDouble(), 1e300, 0.9);
        TrialPlan plan = new TrialPlan(model, Optimizers.create(Golden.spec(c.get("optimizer"))).optimizer(),
                Schedules.create(Golden.spec(c.get("schedule")), alpha, steps).schedule(),
                c.get("batch_size").asInt(), steps, 1L, initial, settings);
        TrainingKernel kernel = new TrainingKernel(plan, data, null, null);
        Curve curve = new Curve();
        TrainingState state = kernel.start(curve);
        PyTorchGoldenTrajectoryTest.close(c.get("initial_loss").asDouble(), curve.trainLoss(0), name + " initial loss");
        for (int k = 0; k < steps; k++) {
            kernel.run(state, k + 1, curve);
            int point = k + 1;
            PyTorchGoldenTrajectoryTest.close(c.get("lr").get(k).asDouble(), curve.lr(point), name + " lr at " + k);
            PyTorchGoldenTrajectoryTest.close(c.get("batch_loss").get(k).asDouble(), curve.batchLoss(point),
                    name + " batch loss at update " + k);
            PyTorchGoldenTrajectoryTest.close(c.get("grad_norm").get(k).asDouble(), curve.gradNorm(point),
                    name + " grad norm at update " + k);
            double[] expected = Golden.doubles(c.get("params").get(k));
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            double[] actual = state.params();
            for (int i = 0; i < expected.length; i++) {
                double error = Math.abs(actual[i] - expected[i]);
                assertTrue(error <= PyTorchGoldenTrajectoryTest.TOLERANCE * scale, name + ": parameter " + i
                        + " after update " + (k + 1) + " is " + actual[i] + ", PyTorch has " + expected[i]
                        + " (relative error " + error / scale + ")");
            }
        }
        assertEquals(steps, state.step());
    }
}
