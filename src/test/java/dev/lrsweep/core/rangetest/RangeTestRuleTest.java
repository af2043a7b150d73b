package dev.lrsweep.core.rangetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.schedule.ExponentialRamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rule on range-test curves with known noise. The clean curve, over a ramp from 1e-7 to 1000 in 200 updates:
 * flat at loss 1 until the rate nears 0.01, a fall to 0.1 around it (a logistic in log₁₀ rate, a quarter decade
 * wide), then flat until the edge at rate 1, past which the log loss rises as the square of the decades beyond it.
 * Noisy curves multiply each mini-batch loss by a log-normal factor of spread σ, as batches of different rows do;
 * each run stops, as the trainer stops it, once its moving average exceeds 4 × its lowest.
 */
class RangeTestRuleTest {
    static final ExponentialRamp RAMP = new ExponentialRamp(1e-7, 1e3, 200);
    static final double EDGE = 1;

    static double cleanLogLoss(double lr) {
        double x = Math.log10(lr);
        double fall = Math.log(10) / (1 + Math.exp(-(x + 2) / 0.25));
        double beyond = Math.max(0, x - Math.log10(EDGE));
        return -fall + 3 * Math.log(10) * beyond * beyond;
    }

    /** One run: the clean curve times log-normal noise, stopped as the trainer stops it (β = 0.9, factor 4). */
    static RangeTestCurve run(long seed, double sigma) {
        SplitMix64 random = new SplitMix64(seed);
        List<Double> lr = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> smoothed = new ArrayList<>();
        double ema = 0;
        double lowest = Double.POSITIVE_INFINITY;
        boolean stopped = false;
        for (int k = 0; k < RAMP.steps(); k++) {
            double l = Math.exp(cleanLogLoss(RAMP.rate(k)) + sigma * random.nextGaussian() - sigma * sigma / 2);
            ema = 0.9 * ema + 0.1 * l;
            double debiased = ema / (1 - Math.pow(0.9, k + 1));
            lowest = Math.min(lowest, debiased);
            lr.add(RAMP.rate(k));
            loss.add(l);
            smoothed.add(debiased);
            if (debiased > 4 * lowest) {
                stopped = true;
                break;
            }
        }
        return new RangeTestCurve(seed, lr.stream().mapToDouble(Double::doubleValue).toArray(),
                loss.stream().mapToDouble(Double::doubleValue).toArray(),
                smoothed.stream().mapToDouble(Double::doubleValue).toArray(), stopped);
    }

    static List<RangeTestCurve> seeds(long first, int count, double sigma) {
        List<RangeTestCurve> curves = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            curves.add(run(first + s, sigma));
        }
        return curves;
    }

    /** The usual single-point rule: the steepest slope of the moving average, skipping 10 updates in and 5 out. */
    static double steepestOfMovingAverage(RangeTestCurve c) {
        int best = 10;
        for (int k = 10; k < c.length() - 5; k++) {
            double slope = (c.smoothed()[k + 1] - c.smoothed()[k - 1]) / 2;
            double bestSlope = (c.smoothed()[best + 1] - c.smoothed()[best - 1]) / 2;
            best = slope < bestSlope ? k : best;
        }
        return c.lr()[best];
    }

    static double decades(double a, double b) {
        return Math.abs(Math.log10(a / b));
    }

    @Test
    @DisplayName("on the clean curve the fall, the edge and the suggestion land where the curve puts them")
    void onTheCleanCurveTheFallTheEdgeAndTheSuggestionLandWhereTheCurvePutsThem() {
        Finding f = RangeTestRule.read(List.of(run(1, 0))).pooled();
        assertTrue(f.suggests());
        assertTrue(f.turnedUp());
        assertEquals(10, f.fall(), 0.5, "the loss falls tenfold");
        assertTrue(decades(f.steepestLr(), 0.01) < 0.15, "the steepest fall is at 0.01: " + f.steepestLr());
        assertTrue(f.fallStartLr() < 0.01 && f.fallEndLr() > 0.01 && f.fallEndLr() < 0.1, f.toString());
        assertTrue(f.edgeLr() >= EDGE && f.edgeLr() < 2 * EDGE, "the loss turns up just past 1: " + f.edgeLr());
        assertEquals(Math.sqrt(f.fallEndLr() * f.edgeLr()), f.suggestedLr(), 1e-15,
                "the suggestion lies in the middle of the low region: " + f);
    }

    @Test
    @DisplayName("with noise of 10 % and of 30 % per batch, three seeds' suggestion stays within a quarter and 0.4 of a"
            + " decade of the clean one, and their edge within a quarter and 0.3, in 40 draws each")
    void withNoiseThreeSeedsSuggestionStaysNearTheCleanOne() {
        Finding cleanFinding = RangeTestRule.read(List.of(run(1, 0))).pooled();
        double clean = cleanFinding.suggestedLr();
        double cleanEdge = cleanFinding.edgeLr();
        double[] sigmas = {0.1, 0.3};
        double[] tolerances = {0.25, 0.4};
        double[] edgeTolerances = {0.25, 0.3};
        double[] meanSpread = new double[2];
        for (int n = 0; n < sigmas.length; n++) {
            for (int draw = 0; draw < 40; draw++) {
                RangeTestRule.Group g = RangeTestRule.read(seeds(100L * draw + 7, 3, sigmas[n]));
                assertTrue(decades(g.pooled().suggestedLr(), clean) <= tolerances[n],
                        "σ " + sigmas[n] + ", draw " + draw + ": " + g.pooled().suggestedLr() + " against " + clean);
                assertTrue(decades(g.pooled().edgeLr(), cleanEdge) <= edgeTolerances[n],
                        "σ " + sigmas[n] + ", draw " + draw + ": edge " + g.pooled().edgeLr() + " against " + cleanEdge);
                meanSpread[n] += g.spread() / 40;
            }
        }
        assertTrue(meanSpread[0] >= 1 && meanSpread[1] > meanSpread[0],
                "the seeds disagree more when the batches are noisier: " + meanSpread[0] + ", " + meanSpread[1]);
    }

    @Test
    @DisplayName("the suggestion scatters far less than the steepest slope of a moving average, the usual rule")
    void theSuggestionScattersFarLessThanTheSteepestSlopeOfAMovingAverage() {
        double ours = 0;
        double usual = 0;
        double ourMean = 0;
        double usualMean = 0;
        int draws = 40;
        double[] o = new double[draws];
        double[] u = new double[draws];
        for (int draw = 0; draw < draws; draw++) {
            List<RangeTestCurve> curves = seeds(1000L * draw + 3, 3, 0.3);
            o[draw] = Math.log10(RangeTestRule.read(curves).pooled().suggestedLr());
            u[draw] = Math.log10(steepestOfMovingAverage(curves.get(0)));
            ourMean += o[draw] / draws;
            usualMean += u[draw] / draws;
        }
        for (int draw = 0; draw < draws; draw++) {
            ours += Math.pow(o[draw] - ourMean, 2) / draws;
            usual += Math.pow(u[draw] - usualMean, 2) / draws;
        }
        assertTrue(Math.sqrt(usual) > 3 * Math.sqrt(ours), "scatter in decades: usual rule " + Math.sqrt(usual)
                + ", this rule " + Math.sqrt(ours));
    }

    @Test
    @DisplayName("a curve that never falls by a tenth gives no suggestion, and says why")
    void aCurveThatNeverFallsGivesNoSuggestion() {
        int n = 100;
        double[] lr = new double[n];
        double[] loss = new double[n];
        for (int k = 0; k < n; k++) {
            lr[k] = RAMP.rate(k);
            loss[k] = 1 - 0.0005 * k;
        }
        Finding f = RangeTestRule.read(lr, loss, Double.NaN);
        assertFalse(f.suggests());
        assertNotNull(f.note());
        assertTrue(f.note().contains("never fell"), f.note());
    }

    @Test
    @DisplayName("seeds that stop early end the pooled curve once half of them have stopped")
    void seedsThatStopEarlyEndThePooledCurveOnceHalfOfThemHaveStopped() {
        RangeTestCurve a = run(1, 0.05);
        RangeTestCurve b = run(2, 0.05);
        int shortest = 60;
        RangeTestCurve cut = new RangeTestCurve(3, java.util.Arrays.copyOf(a.lr(), shortest),
                java.util.Arrays.copyOf(a.loss(), shortest), java.util.Arrays.copyOf(a.smoothed(), shortest), true);
        RangeTestRule.Group g = RangeTestRule.read(List.of(a, b, cut));
        assertEquals(Math.min(a.length(), b.length()), g.pooledLoss().length);
        RangeTestRule.Group two = RangeTestRule.read(List.of(a, cut));
        assertEquals(shortest, two.pooledLoss().length, "of two seeds, one stopping ends the pooled curve");
    }

    @Test
    @DisplayName("for least squares trained by SGD the suggestion goes no higher than the edge the data imply, and says so")
    void forLeastSquaresTheSuggestionGoesNoHigherThanTheEdgeTheDataImply() {
        assertEquals(0.25, RangeTestRule.ceiling("linear", 8, 0, 0), 1e-15);
        assertEquals(2 * 1.9 / 8, RangeTestRule.ceiling("linear", 8, 0.9, 0), 1e-15, "heavy ball: 2(1 + μ)/λ");
        assertTrue(Double.isNaN(RangeTestRule.ceiling("logistic", 8, 0, 0)), "the curvature moves with the weights");
        assertTrue(Double.isNaN(RangeTestRule.ceiling("linear", 8, Double.NaN, 0)), "not SGD");
        RangeTestRule.Group free = RangeTestRule.read(seeds(5, 3, 0.1));
        RangeTestRule.Group held = RangeTestRule.read(seeds(5, 3, 0.1), free.pooled().suggestedLr() / 2);
        assertEquals(free.pooled().suggestedLr() / 2, held.pooled().suggestedLr(), 0);
        assertEquals(free.pooled().edgeLr(), held.pooled().edgeLr(), 0, "the edge read stays the range test's");
        assertTrue(held.pooled().note().startsWith("suggestion held at the stability edge the data imply"));
    }
}
