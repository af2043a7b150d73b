package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.ExponentialRamp;
import dev.lrsweep.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The range test's stop: once the smoothed mini-batch loss exceeds a factor times its lowest value so far. */
class SmoothedLossStopTest {
    static final int STEPS = 150;

    static TrainingSettings settings(double stop) {
        return new TrainingSettings(true, EvaluationCadence.pointsPerRun(1), 1, Double.NaN, 1e300, 0.8, stop);
    }

    static List<TrialPlan> plans(Model model, TrainingSettings settings) {
        List<TrialPlan> plans = new ArrayList<>();
        for (String o : List.of("sgd", "momentum", "adam")) {
            plans.add(new TrialPlan(model, Optimizers.create(Spec.of(o)).optimizer(),
                    new ExponentialRamp(1e-5, 1e3, STEPS), 10, STEPS, 7, new double[model.parameterCount()], settings));
        }
        return plans;
    }

    @Test
    @DisplayName("a ramped run stops at the first update whose smoothed loss exceeds 4 × its lowest, and not before")
    void aRampedRunStopsAtTheFirstUpdateWhoseSmoothedLossExceedsFourTimesItsLowest() {
        DataBlock data = TrainingKernelTest.linearData(80, 3, 5);
        Model model = new LinearRegression(3);
        for (TrialPlan plan : plans(model, settings(4))) {
            TrialResult r = Trainer.train(plan, data, null, null);
            assertTrue(r.state().diverged() && r.steps() < STEPS, plan.optimizer() + " stops before the ramp's end");
            Curve c = r.curve();
            double lowest = Double.POSITIVE_INFINITY;
            for (int i = 1; i < c.size(); i++) {
                double smoothed = c.batchLossEma(i);
                lowest = Math.min(lowest, smoothed);
                boolean last = i == c.size() - 1;
                assertEquals(last, smoothed > 4 * lowest, "point " + i + " of " + plan.optimizer());
            }
            assertEquals(r.state().divergedAt(), c.lastStep());
            assertEquals(r.state().divergedAt() - 1, r.steps(), "the update at which it stopped is not made");
            assertTrue(r.state().divergenceCause().contains("smoothed mini-batch loss"), r.state().divergenceCause());
        }
    }

    @Test
    @DisplayName("without the stop the same run goes on past that point, with the same curve up to it")
    void withoutTheStopTheSameRunGoesOnPastThatPoint() {
        DataBlock data = TrainingKernelTest.linearData(80, 3, 5);
        Model model = new LinearRegression(3);
        TrialResult stopped = Trainer.train(plans(model, settings(4)).get(0), data, null, null);
        TrialResult unstopped = Trainer.train(plans(model, settings(Double.NaN)).get(0), data, null, null);
        assertTrue(unstopped.curve().size() > stopped.curve().size());
        for (int i = 0; i < stopped.curve().size(); i++) {
            assertEquals(stopped.curve().batchLoss(i), unstopped.curve().batchLoss(i), 0.0);
            assertEquals(stopped.curve().batchLossEma(i), unstopped.curve().batchLossEma(i), 0.0);
        }
    }

    @Test
    @DisplayName("runs stopped in a block stop where they stop alone, with the same bits")
    void runsStoppedInABlockStopWhereTheyStopAlone() {
        DataBlock data = TrainingKernelTest.linearData(80, 3, 5);
        Model model = new LinearRegression(3);
        List<TrialPlan> plans = plans(model, settings(4));
        List<TrialResult> block = BlockTrainer.train(plans, data, null, null);
        for (int i = 0; i < plans.size(); i++) {
            TrialResult alone = Trainer.train(plans.get(i), data, null, null);
            assertEquals(alone.state().divergedAt(), block.get(i).state().divergedAt());
            assertArrayEquals(alone.state().params(), block.get(i).state().params(), 0.0);
            TrainingKernelTest.assertSameCurve(alone.curve(), block.get(i).curve());
        }
    }
}
