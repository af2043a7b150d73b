package dev.lrsweep.core.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Activation;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.MultiLayerPerceptron;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExplodingGradientVerdictsTest {
    static final Diagnoser DIAGNOSER = new Diagnoser(Thresholds.defaults());

    static Evidence evidence(TrialResult r, boolean fullBatch) {
        return Evidence.of(r.curve(), r.state().divergedAt(), r.state().divergenceCause(), fullBatch);
    }

    /**
     * 6 tanh layers of 8 at init scale 5 on digits, sgd at a constant rate, batch 128, evaluated every 10 updates and
     * recorded at every update (the detector needs five recorded norms before a jump; log_every 1).
     */
    static TrialResult deepNarrow(DataBlock digits, double rate, double clip) {
        MultiLayerPerceptron model = new MultiLayerPerceptron(64, Collections.nCopies(6, 8), Activation.TANH,
                "softmax", 10);
        TrainingSettings settings = new TrainingSettings(true, EvaluationCadence.everyUpdates(10), 1, clip, 4.0,
                0.9);
        TrialPlan plan = new TrialPlan(model, Optimizers.create(Spec.of("sgd")).optimizer(),
                Schedules.create(Spec.of("constant"), rate, 500).schedule(), 128, 500, 7,
                model.initialParameters(12, 5.0), settings);
        return Trainer.train(plan, digits, null, null);
    }

    @Test
    @DisplayName("a deep narrow network is flagged exploding_gradients unclipped, and the reason names its clipped twin that held at the same rate")
    void aDeepNarrowNetworkExplodesAndItsClippedTwinHolds() throws IOException {
        DataBlock digits = ExplodingGradientsTest.digits();
        List<Diagnoser.Trial> trials = new ArrayList<>();
        for (double rate : new double[] {0.05, 0.2}) {
            for (double clip : new double[] {Double.NaN, 1.0}) {
                trials.add(new Diagnoser.Trial(rate, evidence(deepNarrow(digits, rate, clip), false), clip, 0));
            }
        }
        List<Verdict> v = DIAGNOSER.judgeGroup(trials);
        Verdict free = v.get(2);
        Verdict clipped = v.get(3);

        assertEquals(Status.EXPLODING_GRADIENTS, free.status(), free.reason());
        assertFalse(free.stable(), "an exploding trial is never stable");
        assertNotNull(free.explosion());
        assertEquals(30, free.explosion().step());
        assertTrue(free.explosion().size() >= 10, free.reason());
        assertTrue(free.reason().startsWith("exploding gradients: the gradient norm jumped to "), free.reason());
        assertTrue(free.reason().contains(" at step 30, "), free.reason());
        assertTrue(free.reason().contains("to 1.783; clipping at 1 held at the same rate"), free.reason());
        assertEquals(List.of(1.0), free.clippingHeld());

        assertTrue(clipped.stable(), clipped.reason());
        assertFalse(clipped.has(Status.EXPLODING_GRADIENTS), clipped.reason());
        assertNull(clipped.explosion());
        assertTrue(clipped.clippingHeld().isEmpty());
    }

    @Test
    @DisplayName("an exploding trial without a clipped twin that held names none, and a clipped twin is looked for only at the same rate and seed")
    void noTwinNoClause() throws IOException {
        DataBlock digits = ExplodingGradientsTest.digits();
        Evidence free = evidence(deepNarrow(digits, 0.2, Double.NaN), false);
        Evidence clipped = evidence(deepNarrow(digits, 0.2, 1.0), false);
        Verdict alone = DIAGNOSER.judgeAlone(free);
        assertEquals(Status.EXPLODING_GRADIENTS, alone.status());
        assertFalse(alone.reason().contains("clipping at"), alone.reason());

        List<Verdict> otherSeed = DIAGNOSER.judgeGroup(List.of(new Diagnoser.Trial(0.2, free, Double.NaN, 1),
                new Diagnoser.Trial(0.2, clipped, 1.0, 2)));
        assertFalse(otherSeed.get(0).reason().contains("clipping at"), otherSeed.get(0).reason());
    }

    @Test
    @DisplayName("a linear model with too large a rate diverges with a smoothly growing gradient norm: diverged, not exploding_gradients")
    void aLinearModelWithTooLargeARateIsNotExploding() {
        QuadraticTheoryTest.Problem problem = QuadraticTheoryTest.WELL_CONDITIONED;
        LinearRegression model = new LinearRegression(problem.scales().length);
        List<Diagnoser.Trial> ladder = new ArrayList<>();
        for (double multiple : new double[] {0.5, 1.5, 2.2, 3}) {
            TrainingSettings settings = new TrainingSettings(false, EvaluationCadence.everyUpdates(1), 1, Double.NaN,
                    4.0, 0.9);
            double rate = multiple / QuadraticTheoryTest.LAMBDA_MAX;
            TrialPlan plan = new TrialPlan(model, Optimizers.create(Spec.of("sgd")).optimizer(),
                    Schedules.create(Spec.of("constant"), rate, 200).schedule(), QuadraticTheoryTest.ROWS, 200, 1,
                    new double[model.parameterCount()], settings);
            ladder.add(new Diagnoser.Trial(rate, evidence(Trainer.train(plan, problem.data(), null, null), true)));
        }
        List<Verdict> v = DIAGNOSER.judgeGroup(ladder);
        for (Verdict verdict : v) {
            assertFalse(verdict.has(Status.EXPLODING_GRADIENTS), verdict.reason());
        }
        assertEquals(Status.DIVERGED, v.get(2).status(), v.get(2).reason());
        assertEquals(Status.DIVERGED, v.get(3).status(), v.get(3).reason());
        assertTrue(v.get(0).stable(), v.get(0).reason());
    }
}
