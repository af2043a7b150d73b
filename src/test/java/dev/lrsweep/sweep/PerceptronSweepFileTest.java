package dev.lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.model.Activation;
import dev.lrsweep.core.model.MultiLayerPerceptron;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.errors.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sweep file's perceptron keys and the grid's clipping and initial-scale axes. */
class PerceptronSweepFileTest {
    static final String MLP = """
            data: {path: data/digits.csv, format: csv, label: label}
            model:
              type: mlp
              hidden: [32, 16]
              output: softmax
            grid:
              learning_rates: [0.01, 0.1]
              batch_sizes: [64]
              optimizers: [sgd, adam]
            """;

    static SweepConfig parse(String yaml) {
        return SweepFile.parse(yaml, "sweep");
    }

    @Test
    @DisplayName("an mlp reads with its defaults: relu, init scale 1, no axes, and the softmax output's labels")
    void anMlpReadsWithItsDefaults() {
        SweepConfig c = parse(MLP);
        assertEquals(List.of(32, 16), c.model().hidden());
        assertEquals("relu", c.model().activation());
        assertEquals(1.0, c.model().initScale());
        assertEquals("softmax", c.model().lossType());
        assertEquals(List.of(1.0), c.initScales());
        assertTrue(Double.isNaN(c.clipGradNorms().get(0)));
        assertEquals(2 * 2, c.grid().size());
        TrialPlanner planner = new TrialPlanner(c, 64, 10, 1000);
        MultiLayerPerceptron model = (MultiLayerPerceptron) planner.model();
        assertEquals(Activation.RELU, model.activation());
        assertEquals(65 * 32 + 33 * 16 + 17 * 10, model.parameterCount());
    }

    @Test
    @DisplayName("the clipping and initial-scale axes multiply the grid, reach every trial's plan, and read back")
    void theAxesMultiplyTheGridAndReachThePlans() {
        SweepConfig c = parse(MLP + "  clip_grad_norms: [null, 1.0, 10]\n  init_scales: [0.5, 1, 2]\n");
        assertEquals(2 * 2 * 3 * 3, c.grid().size());
        assertEquals(c, parse(ResolvedSweep.yaml(c)));
        List<TrialSpec> trials = Grid.expand(c);
        assertEquals(36, trials.size());
        assertEquals(36, trials.stream().map(TrialSpec::trialId).distinct().count());
        assertEquals(2 * 3 * 3, trials.stream().map(TrialSpec::groupKey).distinct().count(), "optimizer × clip × scale");
        TrialPlanner planner = new TrialPlanner(c, 64, 10, 1000);
        for (TrialSpec t : trials) {
            TrialPlan plan = planner.plan(t);
            assertEquals(Double.doubleToLongBits(t.clipGradNorm()),
                    Double.doubleToLongBits(plan.settings().clipGradNorm()));
        }
        TrialSpec half = trials.stream().filter(t -> t.initScale() == 0.5).findFirst().orElseThrow();
        TrialSpec one = trials.stream().filter(t -> t.initScale() == 1.0 && t.learningRate() == half.learningRate()
                && t.optimizer().equals(half.optimizer()) && Double.compare(t.clipGradNorm(), half.clipGradNorm()) == 0)
                .findFirst().orElseThrow();
        double[] a = planner.plan(half).initialParams();
        double[] b = planner.plan(one).initialParams();
        assertEquals(2 * a[0], b[0], "the same start, its weights scaled");
        assertEquals(a[a.length - 1], b[b.length - 1], "biases are not scaled");
        assertEquals("adam | constant | 64 | clip 10 | init_scale 2", trials.get(trials.size() - 1).groupKey());
    }

    @Test
    @DisplayName("a trial without clipping at scale 1 keeps the id it has in a grid without those axes")
    void aTrialAtTheAxesDefaultsKeepsItsId() throws Exception {
        List<TrialSpec> plain = Grid.expand(parse(MLP));
        List<TrialSpec> axes = Grid.expand(parse(MLP + "  clip_grad_norms: [null, 1.0]\n  init_scales: [1, 2]\n"));
        for (TrialSpec p : plain) {
            assertEquals(1, axes.stream().filter(t -> t.trialId().equals(p.trialId())).count());
            // the id of a grid without the new axes, as it has always been computed
            String canonical = "lr=" + dev.lrsweep.core.spec.Format.number(p.learningRate()) + ";optimizer="
                    + p.optimizer() + ";schedule=" + p.schedule() + ";batch=" + p.batchSize() + ";seed=" + p.seed();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(hash, 0, 8), p.trialId());
        }
        assertNotEquals(plain.get(0).trialId(), axes.stream().filter(t -> t.clipGradNorm() == 1.0).findFirst()
                .orElseThrow().trialId());
        SweepConfig trainClip = parse(MLP + "train: {clip_grad_norm: 5}\n");
        assertEquals(List.of(5.0), trainClip.clipGradNorms());
        assertEquals(plain.get(0).trialId(), Grid.expand(trainClip).get(0).trialId(), "a sweep-wide setting");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(MLP.replace("  hidden: [32, 16]\n", ""), "model.hidden is required"),
                Arguments.of(MLP.replace("[32, 16]", "[32, 0]"), "model.hidden[1] must be a whole number of units"),
                Arguments.of(MLP.replace("[32, 16]", "[]"), "model.hidden must list the hidden layers' widths"),
                Arguments.of(MLP.replace("  output: softmax\n", ""), "model.output is required for mlp"),
                Arguments.of(MLP.replace("output: softmax", "output: softmax\n  activation: sigmoid"),
                        "model.activation must be one of relu, tanh, gelu, got sigmoid"),
                Arguments.of(MLP.replace("output: softmax", "output: softmax\n  init: zeros"),
                        "model.init applies to linear, logistic and softmax"),
                Arguments.of(MLP.replace("output: softmax", "output: linear\n  classes: 10"),
                        "model.classes applies to softmax only"),
                Arguments.of(MLP.replace("type: mlp", "type: logistic").replace("  output: softmax\n", ""),
                        "model.hidden applies to mlp only"),
                Arguments.of(MLP.replace("output: softmax", "output: softmax\n  init_scale: 0"),
                        "model.init_scale must be a positive number, got 0"),
                Arguments.of(MLP + "  init_scales: [1, 2]\n".replace("1, 2", "1, -2"),
                        "grid.init_scales[1] must be a positive number, got -2"),
                Arguments.of(MLP.replace("output: softmax", "output: softmax\n  init_scale: 2") + "  init_scales: [1]\n",
                        "grid.init_scales and model.init_scale must not both be given"),
                Arguments.of(MLP + "  clip_grad_norms: [null, 0]\n",
                        "grid.clip_grad_norms[1] must be a positive number or null (no clipping), got 0"),
                Arguments.of(MLP + "  clip_grad_norms: [1.0]\ntrain: {clip_grad_norm: 1.0}\n",
                        "grid.clip_grad_norms and train.clip_grad_norm must not both be given"),
                Arguments.of(MLP + "  clip_grad_norms: []\n", "grid.clip_grad_norms is empty"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    @DisplayName("a wrong perceptron key or axis is refused with one line that names it")
    void aWrongPerceptronKeyOrAxisIsRefused(String yaml, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    @DisplayName("the regression models refuse the initial-scale axis, and take the clipping axis")
    void theRegressionModelsRefuseTheInitialScaleAxis() {
        String logistic = SweepFileTest.VALID;
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse(logistic.replace("seeds: [1]", "seeds: [1]\n  init_scales: [1, 2]")));
        assertTrue(e.getMessage().startsWith("grid.init_scales applies to mlp only"), e.getMessage());
        SweepConfig c = parse(logistic.replace("seeds: [1]", "seeds: [1]\n  clip_grad_norms: [null, 1]"));
        assertEquals(2 * parse(logistic).grid().size(), c.grid().size());
    }
}
