package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Models;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/** Trials trained together in a block give exactly the bits they give alone. */
class BlockTrainerTest {
    static final int ROWS = 300;
    static final int FEATURES = 7;

    static DataBlock data(String type, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        double[][] x = new double[ROWS][FEATURES];
        double[] y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double z = 0;
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = r.nextGaussian() * (j + 1);
                z += x[i][j] * (j % 2 == 0 ? 0.3 : -0.2);
            }
            y[i] = switch (type) {
                case "linear" -> z + r.nextGaussian();
                case "logistic" -> r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
                default -> Math.floorMod((int) Math.floor(z + r.nextGaussian()), 3);
            };
        }
        return DataBlock.of(x, y);
    }

    static List<TrialPlan> plans(Model model, long totalSteps, int batch) {
        TrainingSettings settings = new TrainingSettings(true, EvaluationCadence.everyUpdates(7), 3, 5.0, 4.0, 0.9);
        List<Spec> optimizers = List.of(Spec.of("sgd"), Spec.of("momentum"), Spec.of("adam"),
                Spec.of("adamw", "amsgrad", true), Spec.of("rmsprop", "centered", true), Spec.of("nadam"),
                Spec.of("adagrad"), Spec.of("nesterov", "weight_decay", 0.01));
        List<Spec> schedules = List.of(Spec.of("constant"), Spec.of("cosine"), Spec.of("one_cycle"),
                Spec.of("step", "step_size", 10, "warmup_steps", 5));
        double[] rates = {1e-3, 3e-2, 1.0, 30.0};
        List<TrialPlan> plans = new ArrayList<>();
        int i = 0;
        for (Spec o : optimizers) {
            for (double rate : rates) {
                Spec s = schedules.get(i++ % schedules.size());
                plans.add(new TrialPlan(model, Optimizers.create(o).optimizer(),
                        Schedules.create(s, rate, totalSteps).schedule(), batch, totalSteps, 99,
                        Models.initialParameters(model, Spec.of("normal", "std", 0.1), 5), settings));
            }
        }
        return plans;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linear", "logistic", "softmax"})
    @DisplayName("a block's trials give the same curves and parameters, bit for bit, as trained one by one")
    void aBlocksTrialsGiveTheSameBitsAsTrainedOneByOne(String type) {
        DataBlock train = data(type, 1);
        DataBlock validation = data(type, 2);
        Model model = Models.create(type, FEATURES, 3);
        int[] evalOrder = {3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
        List<TrialPlan> plans = plans(model, 60, 32);
        List<TrialResult> fused = BlockTrainer.train(plans, train, validation, evalOrder);
        int diverged = 0;
        for (int i = 0; i < plans.size(); i++) {
            TrialResult alone = Trainer.train(plans.get(i), train, validation, evalOrder);
            TrialResult block = fused.get(i);
            assertArrayEquals(alone.state().params(), block.state().params(), 0.0, "trial " + i);
            assertEquals(alone.state().divergedAt(), block.state().divergedAt(), "trial " + i);
            assertEquals(alone.steps(), block.steps());
            assertSameCurve(alone.curve(), block.curve(), "trial " + i);
            diverged += block.state().diverged() ? 1 : 0;
        }
        assertTrue(diverged > 0 && diverged < plans.size(), "some trials leave the block early: " + diverged);
    }

    @org.junit.jupiter.api.Test
    @DisplayName("float32 storage trains exactly as doubles rounded to float, in half the memory")
    void float32StorageTrainsExactlyAsDoublesRoundedToFloat() {
        DataBlock data = data("logistic", 3);
        double[] rounded = new double[data.rows() * FEATURES];
        for (int i = 0; i < rounded.length; i++) {
            rounded[i] = (float) data.x()[i];
        }
        DataBlock asDoubles = new DataBlock(data.rows(), FEATURES, rounded, data.y());
        DataBlock asFloats = DataBlock.of(data.rows(), FEATURES, data.x(), data.y(), true);
        assertTrue(asFloats.compact());
        assertTrue(asFloats.bytes() < 0.6 * asDoubles.bytes());
        Model model = Models.create("logistic", FEATURES, 0);
        List<TrialPlan> plans = plans(model, 30, 16).subList(0, 8);
        List<TrialResult> fromFloats = BlockTrainer.train(plans, asFloats, null, null);
        List<TrialResult> fromDoubles = BlockTrainer.train(plans, asDoubles, null, null);
        for (int i = 0; i < plans.size(); i++) {
            assertArrayEquals(fromDoubles.get(i).state().params(), fromFloats.get(i).state().params(), 0.0);
            assertSameCurve(fromDoubles.get(i).curve(), fromFloats.get(i).curve(), "trial " + i);
        }
    }

    static void assertSameCurve(Curve a, Curve b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.step(i), b.step(i));
            double[] x = {a.epoch(i), a.lr(i), a.batchLoss(i), a.batchLossEma(i), a.gradNorm(i), a.updateCosine(i),
                a.trainLoss(i), a.valLoss(i)};
            double[] y = {b.epoch(i), b.lr(i), b.batchLoss(i), b.batchLossEma(i), b.gradNorm(i), b.updateCosine(i),
                b.trainLoss(i), b.valLoss(i)};
            for (int c = 0; c < x.length; c++) {
                assertEquals(Double.doubleToLongBits(x[c]), Double.doubleToLongBits(y[c]),
                        what + " point " + i + " column " + c + ": " + x[c] + " vs " + y[c]);
            }
        }
    }
}
