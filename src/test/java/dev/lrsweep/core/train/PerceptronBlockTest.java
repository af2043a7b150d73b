package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Activation;
import dev.lrsweep.core.model.MultiLayerPerceptron;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Perceptron trials trained together in a block give exactly the bits they give alone. */
class PerceptronBlockTest {

    /**
     * Trials that differ in optimizer, schedule, rate, clipping and initial scale, sharing the mini-batches: the
     * clipping thresholds alternate between none, 0.5 and 5 (the trials of a block clip each with its own).
     */
    static List<TrialPlan> plans(MultiLayerPerceptron model, long totalSteps, int batch) {
        TrainingSettings settings = new TrainingSettings(true, EvaluationCadence.everyUpdates(7), 3, Double.NaN, 4.0,
                0.9);
        List<Spec> optimizers = List.of(Spec.of("sgd"), Spec.of("momentum"), Spec.of("adam"), Spec.of("nadam"),
                Spec.of("rmsprop", "centered", true), Spec.of("adagrad"));
        List<Spec> schedules = List.of(Spec.of("constant"), Spec.of("cosine"), Spec.of("one_cycle"));
        double[] rates = {1e-3, 3e-2, 1.0, 30.0};
        double[] clips = {Double.NaN, 0.5, 5.0};
        double[] scales = {1.0, 3.0};
        List<TrialPlan> plans = new ArrayList<>();
        int i = 0;
        for (Spec o : optimizers) {
            for (double rate : rates) {
                Spec s = schedules.get(i % schedules.size());
                plans.add(new TrialPlan(model, Optimizers.create(o).optimizer(),
                        Schedules.create(s, rate, totalSteps).schedule(), batch, totalSteps, 99,
                        model.initialParameters(5, scales[i % scales.length]),
                        settings.withClipGradNorm(clips[i % clips.length])));
                i++;
            }
        }
        return plans;
    }

    @ParameterizedTest(name = "{0}, {1} output, hidden {2}")
    @CsvSource({"relu, softmax, 9", "tanh, logistic, 6 5", "gelu, linear, 4 7 3"})
    @DisplayName("a block of perceptrons that differ in clipping gives each trial's curve and parameters bit for bit")
    void aBlockOfPerceptronsGivesEachTrialsBits(String activation, String output, String hidden) {
        DataBlock train = BlockTrainerTest.data(output, 1);
        DataBlock validation = BlockTrainerTest.data(output, 2);
        List<Integer> widths = new ArrayList<>();
        for (String w : hidden.split(" ")) {
            widths.add(Integer.parseInt(w));
        }
        MultiLayerPerceptron model = new MultiLayerPerceptron(BlockTrainerTest.FEATURES, widths,
                Activation.of(activation), output, 3);
        int[] evalOrder = {3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
        List<TrialPlan> plans = plans(model, 45, 32);
        List<TrialResult> fused = BlockTrainer.train(plans, train, validation, evalOrder);
        int diverged = 0;
        for (int i = 0; i < plans.size(); i++) {
            TrialResult alone = Trainer.train(plans.get(i), train, validation, evalOrder);
            TrialResult block = fused.get(i);
            assertArrayEquals(alone.state().params(), block.state().params(), 0.0, "trial " + i);
            assertEquals(alone.state().divergedAt(), block.state().divergedAt(), "trial " + i);
            BlockTrainerTest.assertSameCurve(alone.curve(), block.curve(), "trial " + i);
            diverged += block.state().diverged() ? 1 : 0;
        }
        assertTrue(diverged > 0 && diverged < plans.size(), "some trials leave the block early: " + diverged);
    }
}
