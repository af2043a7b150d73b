package dev.lrsweep.core.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.SplitMix64;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The verdicts on curves whose trend and noise are known: a smooth descent L(t) = 0.3 + 0.4·e^(−5t) over 31
 * evaluation points, plus noise of a chosen size (as a fraction of the progress, 0.4 at the end), heavy-tailed like
 * mini-batch noise; a real oscillation; a rise above the start; a slow crawl and a plateau short of the best.
 */
class VerdictsOnKnownCurvesTest {
    static final int POINTS = 31;
    static final double PROGRESS = 0.4 * (1 - Math.exp(-5));
    static final Diagnoser DIAGNOSER = new Diagnoser(Thresholds.defaults());

    static double trend(double t) {
        return 0.3 + 0.4 * Math.exp(-5 * t);
    }

    /** A curve from a trend plus noise: t runs from 0 to 1 over the points; the initial model is noise-free. */
    static double[] curve(DoubleUnaryOperator trend, double noise, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        double[] l = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            l[i] = trend.applyAsDouble((double) i / (POINTS - 1)) + (i == 0 ? 0 : noise * heavyTailed(random));
        }
        return l;
    }

    /** Student's t with 5 degrees of freedom, scaled to unit variance. */
    static double heavyTailed(SplitMix64 random) {
        double chi = 0;
        for (int k = 0; k < 5; k++) {
            double g = random.nextGaussian();
            chi += g * g;
        }
        return random.nextGaussian() / Math.sqrt(chi / 5) / Math.sqrt(5.0 / 3);
    }

    static Evidence evidence(double[] train, double[] val, boolean noiseFree) {
        long[] steps = new long[train.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = 10L * i;
        }
        double[] v = val == null ? filled(train.length, Double.NaN) : val;
        return new Evidence(steps[steps.length - 1], -1, null, noiseFree, Double.NaN, 0, 0.25, steps, train, v);
    }

    static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    static Verdict alone(double[] train) {
        return DIAGNOSER.judgeAlone(evidence(train, null, false));
    }

    @Test
    @DisplayName("noise alone never makes a trial oscillating, whatever its size, and up to a tenth of the progress never makes it unstable")
    void noiseAloneNeverMakesATrialOscillating() {
        int unstable = 0;
        for (double size : new double[] {0.001, 0.01, 0.03, 0.1, 0.3}) {
            for (long seed = 0; seed < 400; seed++) {
                Verdict v = alone(curve(VerdictsOnKnownCurvesTest::trend, size * PROGRESS, seed));
                assertFalse(v.has(Status.OSCILLATING), "noise " + size + ", seed " + seed + ": " + v.reason());
                if (size <= 0.1 && !v.stable()) {
                    unstable++;
                }
            }
        }
        assertTrue(unstable <= 8, unstable + " of 1600 noisy curves unstable");
    }

    @Test
    @DisplayName("a visible wiggle within the noise floor is flagged noisy, with its size, and the trial stays stable")
    void aWiggleWithinTheNoiseFloorIsFlaggedNoisy() {
        Verdict v = alone(curve(VerdictsOnKnownCurvesTest::trend, 0.05 * PROGRESS, 3));
        assertTrue(v.has(Status.NOISY), v.reason());
        assertTrue(v.stable(), v.reason());
        assertTrue(v.noiseFloor() > 0.005 * PROGRESS && v.noiseFloor() < 0.2 * PROGRESS, "σ " + v.noiseFloor());
        assertTrue(v.reason().contains("wiggles by up to") && v.reason().contains("σ = "), v.reason());
    }

    @Test
    @DisplayName("a real oscillation, larger than the noise and against the progress made, is still oscillating")
    void aRealOscillationIsStillOscillating() {
        for (int period : new int[] {8, 10, 12}) {
            for (long seed = 0; seed < 50; seed++) {
                double[] l = curve(t -> trend(t) + 0.25 * PROGRESS * Math.sin(2 * Math.PI * t * (POINTS - 1) / period)
                        * Math.exp(-t), 0.01 * PROGRESS, seed);
                Verdict v = alone(l);
                assertTrue(v.has(Status.OSCILLATING), "period " + period + ", seed " + seed + ": " + v.reason());
                assertFalse(v.stable());
            }
        }
    }

    @Test
    @DisplayName("a noise-free (full-batch) loss that rings up and down is oscillating, since it has no noise to hide in")
    void aNoiseFreeRingingLossIsOscillating() {
        double[] l = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            l[i] = trend((double) i / (POINTS - 1)) + (i == 0 ? 0 : 0.1 * PROGRESS * (i % 2 == 0 ? 1 : -1));
        }
        Verdict v = DIAGNOSER.judgeAlone(evidence(l, null, true));
        assertEquals(0.0, v.noiseFloor());
        assertTrue(v.has(Status.OSCILLATING), v.reason());
        assertTrue(v.reason().contains("of the progress made"), v.reason());
    }

    @Test
    @DisplayName("a loss that ends at or above its start is never stable, whatever else it is")
    void aLossThatEndsAtOrAboveItsStartIsNeverStable() {
        double[] dipAndClimb = curve(t -> 0.7 - 0.3 * Math.sin(Math.PI * t) + 0.05 * t, 0.002, 1);
        double[] flat = filled(POINTS, 0.7);
        double[] noisyFlat = curve(t -> 0.7, 0.01, 2);
        for (double[] l : List.of(dipAndClimb, flat, noisyFlat)) {
            Verdict v = alone(l);
            assertTrue(v.has(Status.RISING) || v.has(Status.PLATEAUED), v.reason());
            assertFalse(v.stable(), v.reason());
        }
        Verdict climb = alone(dipAndClimb);
        assertEquals(Status.RISING, climb.status(), climb.reason());
        assertTrue(climb.reason().contains("at or above its initial"), climb.reason());
    }

    @Test
    @DisplayName("a validation loss that ends above its start makes a trial rising, and one that turns up is overfitting")
    void aValidationLossThatEndsAboveItsStartMakesATrialRising() {
        double[] train = curve(VerdictsOnKnownCurvesTest::trend, 0, 0);
        double[] worse = curve(t -> 2.3 - 1.5 * Math.sin(Math.PI * t / 2) + 2.5 * t * t, 0, 0);
        Verdict rising = DIAGNOSER.judgeAlone(evidence(train, worse, true));
        assertTrue(rising.has(Status.RISING), rising.reason());
        assertFalse(rising.stable());
        assertTrue(rising.reason().contains("validation loss ended at"), rising.reason());
        double[] turnsUp = curve(t -> 0.8 - 0.5 * t + 1.2 * Math.max(0, t - 0.5) * Math.max(0, t - 0.5), 0, 0);
        Verdict overfitting = DIAGNOSER.judgeAlone(evidence(train, turnsUp, true));
        assertEquals(Status.OVERFITTING, overfitting.status(), overfitting.reason());
        assertTrue(overfitting.stable(), "overfitting alone does not break stability");
        assertTrue(overfitting.reason().contains("from its best"), overfitting.reason());
    }

    @Test
    @DisplayName("a slow crawl against a fast rate of its group is slow, and a rate stuck short of the best is plateaued")
    void aSlowCrawlIsSlowAndARateStuckShortOfTheBestIsPlateaued() {
        double[] fast = curve(VerdictsOnKnownCurvesTest::trend, 0.002, 1);
        double[] crawl = curve(t -> 0.7 - 0.1 * t, 0.002, 2);
        double[] stuck = curve(t -> 0.3 + 0.25 * PROGRESS + (0.4 - 0.25 * PROGRESS) * Math.exp(-12 * t), 0.01, 3);
        List<Verdict> v = DIAGNOSER.judgeGroup(List.of(new Diagnoser.Trial(0.1, evidence(fast, null, false)),
                new Diagnoser.Trial(0.001, evidence(crawl, null, false)),
                new Diagnoser.Trial(10, evidence(stuck, null, false))));
        assertTrue(v.get(0).stable(), v.get(0).reason());
        assertEquals(Status.SLOW, v.get(1).status(), v.get(1).reason());
        assertFalse(v.get(1).stable());
        assertEquals(Status.PLATEAUED, v.get(2).status(), v.get(2).reason());
        assertFalse(v.get(2).stable());
        assertTrue(v.get(1).reason().contains("of the best rate's reduction"), v.get(1).reason());
    }

    @Test
    @DisplayName("the seeds of a rate are held to one noise floor, the largest of theirs")
    void theSeedsOfARateAreHeldToOneNoiseFloor() {
        Evidence quiet = evidence(curve(VerdictsOnKnownCurvesTest::trend, 0.001 * PROGRESS, 1), null, false);
        Evidence loud = evidence(curve(VerdictsOnKnownCurvesTest::trend, 0.05 * PROGRESS, 2), null, false);
        List<Verdict> v = DIAGNOSER.judgeGroup(List.of(new Diagnoser.Trial(0.1, quiet), new Diagnoser.Trial(0.1, loud)));
        assertEquals(v.get(0).noiseFloor(), v.get(1).noiseFloor());
        assertEquals(NoiseFloor.of(loud.trainLosses(), false), v.get(0).noiseFloor());
    }
}
