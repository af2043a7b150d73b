package dev.lrsweep.core.train;

import static dev.lrsweep.core.train.TrainingKernelTest.linearData;
import static dev.lrsweep.core.train.TrainingKernelTest.schedule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The trainer stores each update only where the curve takes its cosine with the previous one (at the curve's
 * points and the step before each), so these tests hold the sparse curves against curves that record every step.
 */
class CurvePointsTest {
    private static final long TOTAL = 40;
    private static final DataBlock DATA = linearData(50, 3, 1);
    private static final DataBlock VALIDATION = linearData(20, 3, 2);
    private static final TrainingSettings EVERY_STEP = new TrainingSettings(true, EvaluationCadence.everyUpdates(1), 1, Double.NaN, 4.0, 0.9);
    private static final TrainingSettings SPARSE = EVERY_STEP.withEvaluation(6, 4);

    private static List<TrialPlan> plans(TrainingSettings settings) {
        Model model = new LinearRegression(3);
        List<TrialPlan> plans = new ArrayList<>();
        for (Spec optimizer : List.of(Spec.of("sgd", "momentum", 0.9), Spec.of("adam"), Spec.of("sgd"))) {
            for (double alpha : new double[] {0.01, 0.05}) {
                plans.add(new TrialPlan(model, Optimizers.create(optimizer).optimizer(),
                        schedule(Spec.of("cosine"), alpha, TOTAL), 8, TOTAL, 5L, new double[model.parameterCount()],
                        settings));
            }
        }
        return plans;
    }

    /** Every point of the sparse curve is the dense curve's point at that step; losses only where evaluated. */
    private static void assertPointsOf(Curve dense, Curve sparse) {
        int at = 0;
        for (int i = 0; i < sparse.size(); i++) {
            while (dense.step(at) < sparse.step(i)) {
                at++;
            }
            assertEquals(dense.step(at), sparse.step(i));
            double[] d = {dense.epoch(at), dense.lr(at), dense.batchLoss(at), dense.batchLossEma(at),
                dense.gradNorm(at), dense.updateCosine(at)};
            double[] s = {sparse.epoch(i), sparse.lr(i), sparse.batchLoss(i), sparse.batchLossEma(i),
                sparse.gradNorm(i), sparse.updateCosine(i)};
            assertArrayEquals(d, s, "the point at step " + sparse.step(i));
            if (sparse.evaluated(i)) {
                assertEquals(dense.trainLoss(at), sparse.trainLoss(i));
                assertEquals(dense.valLoss(at), sparse.valLoss(i));
            }
        }
    }

    @Test
    @DisplayName("a block that records every 4th step and evaluates every 6th has the points, cosines included, of"
            + " one that records every step")
    void aSparseCurveHasTheDenseCurvesPoints() {
        List<TrialResult> dense = BlockTrainer.train(plans(EVERY_STEP), DATA, VALIDATION, null);
        List<TrialResult> sparse = BlockTrainer.train(plans(SPARSE), DATA, VALIDATION, null);
        for (int i = 0; i < dense.size(); i++) {
            Curve curve = sparse.get(i).curve();
            assertEquals(1 + TOTAL / 4 + 3, curve.size(), "step 0, every 4th step, steps 6, 18 and 30 of 40");
            assertTrue(Double.isFinite(curve.updateCosine(2)), "the cosine at step 6");
            assertPointsOf(dense.get(i).curve(), curve);
            assertArrayEquals(dense.get(i).state().params(), sparse.get(i).state().params());
        }
    }

    @Test
    @DisplayName("a sparse curve is the same in one go and in step ranges that end just before its points")
    void aSparseCurveIsTheSameInStepRanges() throws Exception {
        List<TrialResult> oneGo = BlockTrainer.train(plans(SPARSE), DATA, VALIDATION, null);
        List<TrialPlan> plans = plans(SPARSE);
        for (int i = 0; i < plans.size(); i++) {
            Curve pieces = new Curve();
            TrainingKernel kernel = new TrainingKernel(plans.get(i), DATA, VALIDATION, null);
            TrainingState state = kernel.start(pieces);
            for (long end : new long[] {3, 7, 11, 17, 23, TOTAL}) {
                state = TrainingKernelTest.viaSerialization(state);
                Curve piece = new Curve();
                new TrainingKernel(plans.get(i), DATA, VALIDATION, null).run(state, end, piece);
                pieces.append(piece);
            }
            TrainingKernelTest.assertSameCurve(oneGo.get(i).curve(), pieces);
            assertArrayEquals(oneGo.get(i).state().params(), state.params());
        }
    }
}
