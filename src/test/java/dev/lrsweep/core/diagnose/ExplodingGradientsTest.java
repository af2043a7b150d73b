package dev.lrsweep.core.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.Activation;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.MultiLayerPerceptron;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExplodingGradientsTest {
    static final ExplodingGradients DETECTOR = ExplodingGradients.defaults();

    static long[] steps(int n, int every) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = (long) i * every;
        }
        return s;
    }

    /** Mini-batch-like norms: 2 × e^{0.4·z}, z standard normal, and NaN at step 0 as a curve has. */
    static double[] noisy(int n, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        double[] g = new double[n];
        g[0] = Double.NaN;
        for (int i = 1; i < n; i++) {
            g[i] = 2 * Math.exp(0.4 * r.nextGaussian());
        }
        return g;
    }

    @Test
    @DisplayName("a norm 30 times its running median is a jump, with its step, its size and the level it left")
    void aNormThirtyTimesItsRunningMedianIsAJump() {
        double[] g = noisy(80, 1);
        g[50] = 30 * ExplodingGradients.median(g, 30, 50);
        Optional<ExplodingGradients.Jump> jump = DETECTOR.find(steps(80, 10), g);
        assertTrue(jump.isPresent());
        assertEquals(500, jump.get().step());
        assertEquals(30, jump.get().size(), 1e-9);
        assertEquals(g[50] / 30, jump.get().level(), 1e-12);
        assertTrue(jump.get().describe().startsWith("the gradient norm jumped to "), jump.get().describe());
        assertTrue(jump.get().describe().contains("at step 500, 30× its running median"), jump.get().describe());
    }

    @Test
    @DisplayName("a fitted model's mini-batch spike, far above its late median but below the norms it started with, is no jump")
    void aFittedModelsSpikeBelowItsStartingNormsIsNoJump() {
        // a softmax on nearly separable data: the norm falls from about 2 to 0.1 as the rows are fitted, then one
        // batch with a misfit row reaches 1.45, fifteen times the median (digits, batch 16, α = 1)
        int n = 200;
        double[] g = noisy(n, 3);
        for (int i = 1; i < n; i++) {
            g[i] *= Math.max(0.05, Math.exp(-i / 30.0));
        }
        g[150] = 1.45;
        assertTrue(g[150] / ExplodingGradients.median(g, 130, 150) >= 10, "a tenfold jump over the running median");
        assertFalse(DETECTOR.find(steps(n, 10), g).isPresent(), DETECTOR.find(steps(n, 10), g).toString());
        g[150] = 30;
        assertTrue(DETECTOR.find(steps(n, 10), g).isPresent(), "above every earlier norm it is one");
    }

    @Test
    @DisplayName("mini-batch noise alone is no jump, over a thousand points and twenty seeds")
    void miniBatchNoiseAloneIsNoJump() {
        for (long seed = 0; seed < 20; seed++) {
            assertFalse(DETECTOR.find(steps(1000, 1), noisy(1000, seed)).isPresent(), "seed " + seed);
        }
    }

    @Test
    @DisplayName("geometric growth is no jump, however fast, at regular and irregular points")
    void geometricGrowthIsNoJump() {
        for (double rate : new double[] {1.01, 1.3, 3.0, 20.0}) {
            double[] g = new double[60];
            long[] s = new long[60];
            for (int i = 0; i < 60; i++) {
                s[i] = i * 10L + (i % 3) * 4L;
                g[i] = 1e-3 * Math.pow(rate, s[i] / 10.0);
            }
            assertFalse(DETECTOR.find(s, g).isPresent(), "growth ×" + rate + " per 10 updates");
        }
    }

    @Test
    @DisplayName("a jump on top of geometric growth is found; the first points, NaN and infinities are not judged")
    void aJumpOnTopOfGrowthIsFound() {
        double[] g = new double[40];
        for (int i = 0; i < 40; i++) {
            g[i] = Math.pow(1.1, i);
        }
        g[25] *= 12;
        assertEquals(25, DETECTOR.find(steps(40, 1), g).orElseThrow().step());

        double[] early = {Double.NaN, 1, 100, 1, 1, 1, 1, 1, Double.POSITIVE_INFINITY, 1, 1};
        assertFalse(DETECTOR.find(steps(early.length, 1), early).isPresent(), "a jump before 5 norms of history");
        assertThrows(IllegalArgumentException.class, () -> new ExplodingGradients(1.0, 20));
        assertThrows(IllegalArgumentException.class, () -> new ExplodingGradients(10, 4));
    }

    @Test
    @DisplayName("a linear model diverging at 1.1 times its stability limit grows smoothly: no jump")
    void aLinearModelDivergingGrowsSmoothly() {
        QuadraticTheoryTest.Problem problem = QuadraticTheoryTest.WELL_CONDITIONED;
        DataBlock data = problem.data();
        LinearRegression model = new LinearRegression(problem.scales().length);
        for (String optimizer : List.of("sgd", "momentum")) {
            double edge = optimizer.equals("sgd") ? 2.0 : 2.0 * 1.9;
            TrainingSettings settings = new TrainingSettings(false, EvaluationCadence.everyUpdates(1), 1, Double.NaN,
                    1e300, 0.9);
            TrialPlan plan = new TrialPlan(model, Optimizers.create(Spec.of(optimizer)).optimizer(),
                    Schedules.create(Spec.of("constant"), 1.1 * edge / QuadraticTheoryTest.LAMBDA_MAX, 150).schedule(),
                    QuadraticTheoryTest.ROWS, 150, 1, new double[model.parameterCount()], settings);
            Curve curve = Trainer.train(plan, data, null, null).curve();
            assertTrue(curve.gradNorm(curve.size() - 1) > 1e3 * curve.gradNorm(10), optimizer + " diverges");
            assertFalse(DETECTOR.find(curve).isPresent(), optimizer + ": " + DETECTOR.find(curve));
        }
    }

    /** The digits (1797 rows of 8 × 8 pixels 0 … 16, labels 0 … 9), pixels divided by 16. */
    static DataBlock digits() throws IOException {
        try (InputStream in = ExplodingGradientsTest.class.getResourceAsStream("/datasets/digits.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            double[][] x = new double[lines.size() - 1][64];
            double[] y = new double[lines.size() - 1];
            for (int i = 0; i < y.length; i++) {
                String[] fields = lines.get(i + 1).split(",");
                for (int j = 0; j < 64; j++) {
                    x[i][j] = Double.parseDouble(fields[j]) / 16;
                }
                y[i] = Double.parseDouble(fields[64]);
            }
            return DataBlock.of(x, y);
        }
    }

    @Test
    @DisplayName("a deep, narrow tanh network at init scale 5 explodes without clipping and trains smoothly clipped at 1.0 at the same rate")
    void aDeepNarrowTanhNetworkExplodesWithoutClipping() throws IOException {
        DataBlock data = digits();
        MultiLayerPerceptron model = new MultiLayerPerceptron(64, Collections.nCopies(6, 8), Activation.TANH,
                "softmax", 10);
        TrialResult[] results = new TrialResult[2];
        double[] clips = {Double.NaN, 1.0};
        for (int k = 0; k < 2; k++) {
            TrainingSettings settings = new TrainingSettings(true, EvaluationCadence.everyUpdates(10), 1, clips[k],
                    4.0, 0.9);
            TrialPlan plan = new TrialPlan(model, Optimizers.create(Spec.of("sgd")).optimizer(),
                    Schedules.create(Spec.of("constant"), 0.2, 500).schedule(), 128, 500, 7,
                    model.initialParameters(12, 5.0), settings);
            results[k] = Trainer.train(plan, data, null, null);
        }
        Curve free = results[0].curve();
        Curve clipped = results[1].curve();

        ExplodingGradients.Jump jump = DETECTOR.find(free).orElseThrow();
        assertEquals(30, jump.step());
        assertTrue(jump.size() > 12, jump.describe());
        // the jump throws the model off: the loss after it is far above the loss before it
        assertTrue(trainLossAt(free, 30) > 1.5 * trainLossAt(free, 20), "the loss leaps at the jump");
        assertFalse(results[0].state().diverged(), "it does not diverge: it explodes and stalls");

        assertFalse(DETECTOR.find(clipped).isPresent(), "clipped: " + DETECTOR.find(clipped));
        assertFalse(results[1].state().diverged());
        double initial = trainLossAt(clipped, 0);
        double last = trainLossAt(clipped, 500);
        assertTrue(last < 0.1 * initial, "clipped, the loss falls from " + initial + " to " + last);
        assertTrue(last < 0.25 * trainLossAt(free, 500), "clipped ends far below the unclipped "
                + trainLossAt(free, 500) + ": " + last);
    }

    static double trainLossAt(Curve curve, long step) {
        for (int i = 0; i < curve.size(); i++) {
            if (curve.step(i) == step) {
                return curve.trainLoss(i);
            }
        }
        throw new AssertionError("no point at step " + step);
    }
}
