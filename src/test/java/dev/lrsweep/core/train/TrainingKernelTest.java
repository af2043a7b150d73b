package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Models;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedule;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrainingKernelTest {
    static final TrainingSettings EVERY_STEP = new TrainingSettings(false, EvaluationCadence.everyUpdates(1), 1, Double.NaN, 4.0, 0.9);

    /** Rows of noisy linear data, seeded. */
    static DataBlock linearData(int rows, int features, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        double[] x = new double[rows * features];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double z = 0.5;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = random.nextGaussian();
                z += (j + 1) * 0.3 * x[i * features + j];
            }
            y[i] = z + 0.1 * random.nextGaussian();
        }
        return new DataBlock(rows, features, x, y);
    }

    /** x = 1 and y = 3 on every row: the loss is (w + b − 3)², curvature 4 along w + b. */
    static DataBlock parabola(int rows) {
        double[] x = new double[rows];
        double[] y = new double[rows];
        java.util.Arrays.fill(x, 1.0);
        java.util.Arrays.fill(y, 3.0);
        return new DataBlock(rows, 1, x, y);
    }

    /**
     * One feature of zeros and labels 2^i: a frozen zero model's loss on row i is 4^i, so a batch's mean loss
     * times its size, written in base 4, spells out exactly which rows the batch held.
     */
    static DataBlock powersOfTwo(int rows) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = Math.scalb(1.0, i);
        }
        return new DataBlock(rows, 1, new double[rows], y);
    }

    static TreeSet<Integer> rowsOf(double batchLoss, int batchRows) {
        long sum = (long) (batchLoss * batchRows);
        assertEquals((double) sum, batchLoss * batchRows, "the batch loss is exact");
        TreeSet<Integer> rows = new TreeSet<>();
        for (int i = 0; sum != 0; i++, sum /= 4) {
            assertTrue(sum % 4 <= 1, "each row appears at most once");
            if (sum % 4 == 1) {
                rows.add(i);
            }
        }
        return rows;
    }

    static TrialPlan plan(Model model, String optimizer, Schedule schedule, int batch, long steps, long seed,
                          TrainingSettings settings) {
        return new TrialPlan(model, Optimizers.create(Spec.of(optimizer)).optimizer(), schedule, batch, steps, seed,
                new double[model.parameterCount()], settings);
    }

    static Schedule schedule(Spec spec, double alpha, long steps) {
        return Schedules.create(spec, alpha, steps).schedule();
    }

    /** A schedule of rate 0: the model never moves, so every batch is seen through the same frozen model. */
    static final Schedule FROZEN = k -> 0.0;

    static void assertSameCurve(Curve expected, Curve actual) {
        assertEquals(expected.size(), actual.size(), "curve points");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.step(i), actual.step(i));
            double[] e = {expected.epoch(i), expected.lr(i), expected.batchLoss(i), expected.batchLossEma(i),
                expected.gradNorm(i), expected.updateCosine(i), expected.trainLoss(i), expected.valLoss(i)};
            double[] a = {actual.epoch(i), actual.lr(i), actual.batchLoss(i), actual.batchLossEma(i),
                actual.gradNorm(i), actual.updateCosine(i), actual.trainLoss(i), actual.valLoss(i)};
            assertArrayEquals(e, a, "curve point " + i);
        }
    }

    static TrainingState viaSerialization(TrainingState state) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TrainingState) in.readObject();
        }
    }

    @Test
    @DisplayName("a trial run in one go equals the same trial run in step ranges with the state handed over")
    void aTrialRunInOneGoEqualsTheSameTrialRunInStepRanges() throws Exception {
        DataBlock data = linearData(50, 3, 1);
        DataBlock validation = linearData(20, 3, 2);
        long total = 45;
        TrainingSettings settings = new TrainingSettings(true, EvaluationCadence.everyUpdates(5), 1, 2.0, 4.0, 0.9);
        Model model = new LinearRegression(3);
        TrialPlan plan = plan(model, "adam", schedule(Spec.of("one_cycle"), 0.05, total), 8, total, 99L, settings);

        Curve whole = new Curve();
        TrainingKernel kernel = new TrainingKernel(plan, data, validation, null);
        TrainingState oneGo = kernel.start(whole);
        kernel.run(oneGo, total, whole);

        Curve pieces = new Curve();
        TrainingKernel first = new TrainingKernel(plan, data, validation, null);
        TrainingState state = first.start(pieces);
        first.run(state, 7, pieces);
        state = state.copy();
        Curve second = new Curve();
        new TrainingKernel(plan, data, validation, null).run(state, 20, second);
        pieces.append(second);
        state = viaSerialization(state);
        Curve third = new Curve();
        new TrainingKernel(plan, data, validation, null).run(state, total, third);
        pieces.append(third);

        assertFalse(oneGo.diverged());
        assertEquals(total, state.step());
        assertArrayEquals(oneGo.params(), state.params());
        assertArrayEquals(oneGo.optimizer().slot(0), state.optimizer().slot(0));
        assertArrayEquals(oneGo.optimizer().slot(1), state.optimizer().slot(1));
        assertEquals(oneGo.lossEma, state.lossEma);
        assertSameCurve(whole, pieces);
        assertTrue(whole.evaluated(whole.size() - 1), "the last step is always evaluated");
    }

    @Test
    @DisplayName("the last batch of an epoch holds the rows left over, and the next epoch starts afresh")
    void theLastBatchOfAnEpochIsSmaller() {
        DataBlock data = powersOfTwo(10);
        TrialPlan plan = plan(new LinearRegression(1), "sgd", FROZEN, 4, 6, 1L, EVERY_STEP);
        TrainingKernel kernel = new TrainingKernel(plan, data, null, null);
        assertEquals(3, kernel.stepsPerEpoch());
        Curve curve = new Curve();
        kernel.run(kernel.start(curve), 6, curve);
        assertEquals(7, curve.size());
        assertEquals(new TreeSet<>(List.of(0, 1, 2, 3)), rowsOf(curve.batchLoss(1), 4));
        assertEquals(new TreeSet<>(List.of(4, 5, 6, 7)), rowsOf(curve.batchLoss(2), 4));
        assertEquals(new TreeSet<>(List.of(8, 9)), rowsOf(curve.batchLoss(3), 2));
        assertEquals(curve.batchLoss(1), curve.batchLoss(4));
        assertEquals(1.0, curve.epoch(3));
        assertEquals(2.0, curve.epoch(6));
    }

    @Test
    @DisplayName("shuffled epochs cover every row once, differ from each other, and are the same in every run")
    void shuffledEpochsDifferButAreReproducible() {
        DataBlock data = powersOfTwo(12);
        TrainingSettings shuffled = EVERY_STEP.withShuffle(true);
        int epochs = 4;
        List<List<TreeSet<Integer>>> runs = new ArrayList<>();
        for (long seed : new long[] {5L, 5L, 6L}) {
            TrialPlan plan = plan(new LinearRegression(1), "sgd", FROZEN, 4, 3L * epochs, seed, shuffled);
            TrainingKernel kernel = new TrainingKernel(plan, data, null, null);
            Curve curve = new Curve();
            kernel.run(kernel.start(curve), plan.totalSteps(), curve);
            List<TreeSet<Integer>> batches = new ArrayList<>();
            for (int i = 1; i < curve.size(); i++) {
                batches.add(rowsOf(curve.batchLoss(i), 4));
            }
            runs.add(batches);
        }
        List<TreeSet<Integer>> run = runs.get(0);
        for (int e = 0; e < epochs; e++) {
            TreeSet<Integer> seen = new TreeSet<>();
            for (int b = 0; b < 3; b++) {
                assertEquals(4, run.get(3 * e + b).size());
                seen.addAll(run.get(3 * e + b));
            }
            assertEquals(12, seen.size(), "epoch " + e + " sees every row once");
        }
        assertNotEquals(run.subList(0, 3), run.subList(3, 6), "epochs 0 and 1 are shuffled differently");
        assertNotEquals(run.subList(3, 6), run.subList(6, 9), "epochs 1 and 2 are shuffled differently");
        assertNotEquals(run.get(0), new TreeSet<>(List.of(0, 1, 2, 3)), "the first epoch is shuffled too");
        assertEquals(runs.get(0), runs.get(1), "the same seed shuffles the same way");
        assertNotEquals(runs.get(0), runs.get(2), "another seed shuffles another way");
    }

    @Test
    @DisplayName("a loss that overflows stops the trial at that update, with its step and its cause")
    void aNonFiniteLossStopsTheTrial() {
        TrainingSettings rarelyEvaluated = new TrainingSettings(false, EvaluationCadence.everyUpdates(1000), 1, Double.NaN, 1e300, 0.9);
        TrialPlan plan = plan(new LinearRegression(1), "sgd", schedule(Spec.of("constant"), 10.0, 200), 8, 200, 1L,
                rarelyEvaluated);
        TrialResult result = Trainer.train(plan, parabola(8), null, null);
        TrainingState state = result.state();
        Curve curve = result.curve();
        assertTrue(state.diverged());
        long at = state.divergedAt();
        assertTrue(at > 1 && at < 200, "diverged at " + at);
        assertEquals(at, curve.lastStep(), "nothing is recorded after the divergence");
        assertEquals(Double.POSITIVE_INFINITY, curve.batchLoss(curve.size() - 1));
        assertTrue(Double.isFinite(curve.batchLoss(curve.size() - 2)));
        assertNotNull(state.divergenceCause());
        assertTrue(state.divergenceCause().contains("the mini-batch loss of update " + at + " is Infinity"),
                state.divergenceCause());
        for (double p : state.params()) {
            assertTrue(Double.isFinite(p));
        }
    }

    @Test
    @DisplayName("an evaluated loss above divergence_factor times the initial one stops the trial there")
    void anEvaluatedLossAboveTheDivergenceFactorStopsTheTrial() {
        // Gradient descent at rate 0.6 on curvature 4 multiplies the error by −1.4 per update, the loss by 1.96.
        TrialPlan plan = plan(new LinearRegression(1), "sgd", schedule(Spec.of("constant"), 0.6, 100), 8, 100, 1L,
                EVERY_STEP);
        TrialResult result = Trainer.train(plan, parabola(8), null, null);
        Curve curve = result.curve();
        double initial = curve.trainLoss(0);
        assertEquals(9.0, initial);
        assertEquals(3, result.state().divergedAt(), "9·1.96³ is the first loss above 4 × 9");
        assertEquals(3, curve.lastStep());
        assertTrue(curve.trainLoss(2) <= 4 * initial && curve.trainLoss(3) > 4 * initial);
        assertTrue(result.state().divergenceCause().contains("exceeds 4 × the initial 9"),
                result.state().divergenceCause());

        TrialPlan tolerant = plan(new LinearRegression(1), "sgd", schedule(Spec.of("constant"), 0.6, 100), 8, 100, 1L,
                EVERY_STEP.withDivergenceFactor(100));
        TrialResult later = Trainer.train(tolerant, parabola(8), null, null);
        assertEquals(7, later.state().divergedAt(), "9·1.96⁷ is the first loss above 100 × 9");
    }

    @Test
    @DisplayName("a copy of the training state shares nothing with the original")
    void aCopyOfTheTrainingStateIsDeep() {
        DataBlock data = linearData(32, 2, 3);
        TrialPlan plan = plan(new LinearRegression(2), "adam", schedule(Spec.of("constant"), 0.05, 30), 8, 30, 4L,
                EVERY_STEP.withShuffle(true));
        TrainingKernel kernel = new TrainingKernel(plan, data, null, null);
        TrainingState original = kernel.start(new Curve());
        kernel.run(original, 10, new Curve());
        TrainingState copy = original.copy();

        assertNotSame(original.params, copy.params);
        assertNotSame(original.lastUpdate, copy.lastUpdate);
        assertNotSame(original.optimizer, copy.optimizer);
        assertNotSame(original.optimizer.slot(0), copy.optimizer.slot(0));
        double[] params = copy.params.clone();
        double[] lastUpdate = copy.lastUpdate.clone();
        double[] firstMoment = copy.optimizer.slot(0).clone();
        double[] secondMoment = copy.optimizer.slot(1).clone();
        double ema = copy.lossEma;

        kernel.run(original, 30, new Curve());
        assertEquals(30, original.step());
        assertEquals(10, copy.step());
        assertEquals(10, copy.optimizer.steps());
        assertArrayEquals(params, copy.params);
        assertArrayEquals(lastUpdate, copy.lastUpdate);
        assertArrayEquals(firstMoment, copy.optimizer.slot(0));
        assertArrayEquals(secondMoment, copy.optimizer.slot(1));
        assertEquals(ema, copy.lossEma);

        new TrainingKernel(plan, data, null, null).run(copy, 30, new Curve());
        assertArrayEquals(original.params, copy.params, "the copy carries on exactly as the original did");
    }

    @Test
    @DisplayName("with clipping, the gradient an update applies has a norm of at most max_norm")
    void clippingKeepsTheAppliedGradientNormAtMostMaxNorm() {
        double maxNorm = 0.5;
        double rate = 0.1;
        DataBlock data = linearData(40, 3, 8);
        TrialPlan plan = plan(new LinearRegression(3), "sgd", schedule(Spec.of("constant"), rate, 60), 10, 60, 2L,
                EVERY_STEP.withShuffle(true).withClipGradNorm(maxNorm));
        TrainingKernel kernel = new TrainingKernel(plan, data, null, null);
        Curve curve = new Curve();
        TrainingState state = kernel.start(curve);
        int clipped = 0;
        for (int t = 1; t <= 60; t++) {
            double[] before = state.params().clone();
            kernel.run(state, t, curve);
            double squared = 0;
            for (int i = 0; i < before.length; i++) {
                double g = (before[i] - state.params()[i]) / rate;
                squared += g * g;
            }
            double applied = Math.sqrt(squared);
            double raw = curve.gradNorm(curve.size() - 1);
            assertTrue(applied <= maxNorm, "update " + t + " applied a gradient of norm " + applied);
            if (raw > maxNorm) {
                clipped++;
                assertEquals(maxNorm, applied, 1e-5, "a clipped gradient has the norm max_norm");
            } else {
                assertEquals(raw, applied, 1e-5 * raw + 1e-12, "a small gradient is applied as it is");
            }
        }
        assertTrue(clipped >= 10, "clipping was active in " + clipped + " updates");
        assertTrue(curve.trainLoss(curve.size() - 1) < curve.trainLoss(0));
    }

    @Test
    @DisplayName("a training state starting from a non-finite initial loss is diverged at step 0 and never updates")
    void aNonFiniteInitialLossDivergesAtStepZero() {
        Model model = Models.create("linear", 1, 0);
        double[] params = {Double.POSITIVE_INFINITY, 0.0};
        TrialPlan plan = new TrialPlan(model, Optimizers.create(Spec.of("sgd")).optimizer(),
                schedule(Spec.of("constant"), 0.1, 10), 4, 10, 1L, params, EVERY_STEP);
        TrialResult result = Trainer.train(plan, parabola(4), null, null);
        assertEquals(0, result.state().divergedAt());
        assertEquals(0, result.steps());
        assertEquals(1, result.curve().size());
    }
}
