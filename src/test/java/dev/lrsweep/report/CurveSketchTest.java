package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CurveSketchTest {
    /** A curve of {@code n} recorded points, steps 0, 10, 20, …, evaluated every {@code every} points. */
    static CurveSketch curve(int n, int every, int points, boolean validation) {
        return curve("t", n, every, points, validation);
    }

    static CurveSketch curve(String id, int n, int every, int points, boolean validation) {
        long[] step = LongStream.range(0, n).map(i -> 10 * i).toArray();
        double[] epoch = Arrays.stream(step).mapToDouble(s -> s / 125.0).toArray();
        double[] lr = Arrays.stream(step).mapToDouble(s -> s == 0 ? Double.NaN : 0.1 * Math.pow(0.5, s / 2000)).toArray();
        double[] batch = new double[n];
        double[] ema = new double[n];
        double[] grad = new double[n];
        double[] cos = new double[n];
        double[] train = new double[n];
        double[] val = new double[n];
        for (int i = 0; i < n; i++) {
            batch[i] = i == 0 ? Double.NaN : 0.7 * Math.exp(-i / 40.0) + 0.3 + 0.05 * Math.sin(i * 1.7);
            ema[i] = i == 0 ? Double.NaN : 0.7 * Math.exp(-i / 40.0) + 0.3;
            grad[i] = i == 0 ? Double.NaN : 1.0 / (1 + i);
            cos[i] = i < 2 ? Double.NaN : 0.9;
            boolean evaluated = i % every == 0 || i == n - 1;
            train[i] = evaluated ? 0.7 * Math.exp(-i / 40.0) + 0.3 : Double.NaN;
            val[i] = evaluated && validation ? train[i] + 0.01 : Double.NaN;
        }
        return CurveSketch.of(id, step, epoch, lr, batch, ema, grad, cos, train, val, points);
    }

    @Test
    @DisplayName("a short curve is kept whole: every evaluation point and every recorded point")
    void aShortCurveIsKeptWhole() {
        CurveSketch c = curve(21, 5, 64, true);
        assertEquals(21, c.recorded());
        assertEquals(5, c.evaluated());
        assertArrayEquals(new long[] {0, 50, 100, 150, 200}, c.evalSteps());
        assertEquals(21, c.steps().length);
        assertEquals(0.01, c.valLoss()[2] - c.trainLoss()[2], 1e-12);
        assertTrue(Double.isNaN(c.batchLoss()[0]), "step 0 has no mini-batch loss");
    }

    @Test
    @DisplayName("a long curve keeps its evaluation points whole within the budget and its recorded points to the budget")
    void aLongCurveIsDownsampledToTheBudget() {
        CurveSketch c = curve(1001, 20, 64, true);
        assertEquals(1001, c.recorded());
        assertEquals(51, c.evaluated());
        assertEquals(51, c.evalSteps().length, "51 evaluation points fit in 64");
        assertEquals(64, c.steps().length);
        assertEquals(0, c.steps()[0]);
        assertEquals(10_000, c.steps()[63], "the last point is kept");
        for (double[] series : new double[][] {c.batchLoss(), c.batchLossEma(), c.lr(), c.gradNorm(), c.updateCosine()}) {
            assertEquals(64, series.length, "every recorded series is kept at the same steps");
        }
    }

    @Test
    @DisplayName("more evaluation points than the budget are chosen by LTTB, validation at the same steps")
    void manyEvaluationPointsAreChosenByLttb() {
        CurveSketch c = curve(1001, 2, 32, true);
        assertEquals(501, c.evaluated());
        assertEquals(32, c.evalSteps().length);
        assertEquals(32, c.valLoss().length);
        assertEquals(0, c.evalSteps()[0]);
        assertEquals(10_000, c.evalSteps()[31]);
    }

    @Test
    @DisplayName("steps per epoch come from the curve's epochs, and a curve without validation has NaN validation losses")
    void stepsPerEpochAndAbsentValidation() {
        CurveSketch c = curve(50, 10, 64, false);
        assertEquals(125, c.stepsPerEpoch());
        assertTrue(Arrays.stream(c.valLoss()).allMatch(Double::isNaN));
    }

    @Test
    @DisplayName("the points per curve shrink with the trials, between 8 and 64")
    void thePointsPerCurveShrinkWithTheTrials() {
        assertEquals(64, PointBudget.perCurve(180));
        assertEquals(64, PointBudget.perCurve(1500));
        assertEquals(15, PointBudget.perCurve(10_000));
        assertEquals(8, PointBudget.perCurve(1_000_000));
    }

    @Test
    @DisplayName("a curve whose steps do not increase is refused")
    void stepsMustIncrease() {
        double[] two = {1, 1};
        assertThrows(IllegalArgumentException.class, () -> CurveSketch.of("t", new long[] {5, 5}, two, two, two, two,
                two, two, two, two, 64));
    }
}
