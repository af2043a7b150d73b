package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.SplitMix64;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ElementaryTest {

    /** The distance in units in the last place between two doubles of the same sign. */
    static long ulps(double a, double b) {
        if (a == b) {
            return 0;
        }
        return Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b));
    }

    static long worst(DoubleUnaryOperator ours, DoubleUnaryOperator reference, double from, double to, int n) {
        SplitMix64 r = new SplitMix64(7);
        long worst = 0;
        for (int i = 0; i < n; i++) {
            double x = from + (to - from) * r.nextDouble();
            long u = ulps(ours.applyAsDouble(x), reference.applyAsDouble(x));
            assertTrue(u <= 2, "at " + x + ": " + ours.applyAsDouble(x) + " vs " + reference.applyAsDouble(x));
            worst = Math.max(worst, u);
        }
        return worst;
    }

    @Test
    @DisplayName("exp is within 2 ulps of StrictMath.exp across its range")
    void expIsWithinTwoUlpsOfStrictMath() {
        worst(Elementary::exp, StrictMath::exp, -40, 0, 200_000);
        worst(Elementary::exp, StrictMath::exp, -745, 709.7, 200_000);
        worst(Elementary::exp, StrictMath::exp, -1e-6, 1e-6, 100_000);
    }

    @Test
    @DisplayName("log1p is within 2 ulps of StrictMath.log1p, for the logistic loss's arguments and beyond")
    void log1pIsWithinTwoUlpsOfStrictMath() {
        worst(Elementary::log1p, StrictMath::log1p, 0, 1, 200_000);
        worst(Elementary::log1p, StrictMath::log1p, -0.999, 100, 200_000);
        worst(Elementary::log1p, StrictMath::log1p, -1e-9, 1e-9, 100_000);
        SplitMix64 r = new SplitMix64(3);
        for (int i = 0; i < 100_000; i++) {
            double x = StrictMath.exp(-745 * r.nextDouble());
            assertTrue(ulps(Elementary.log1p(x), StrictMath.log1p(x)) <= 2, "at " + x);
        }
    }

    @Test
    @DisplayName("log is within 2 ulps of StrictMath.log from subnormals to the largest double")
    void logIsWithinTwoUlpsOfStrictMath() {
        SplitMix64 r = new SplitMix64(5);
        for (int i = 0; i < 200_000; i++) {
            double x = Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL);
            if (x > 0) {
                assertTrue(ulps(Elementary.log(x), StrictMath.log(x)) <= 2, "at " + x);
            }
        }
        worst(Elementary::log, StrictMath::log, 1, 10, 200_000);
    }

    /** The worst distance in ulps of ours from the reference at n arguments drawn by draw; fails above bound. */
    static long worstOf(DoubleUnaryOperator ours, DoubleUnaryOperator reference, DoubleUnaryOperator draw, int n,
                        long bound) {
        SplitMix64 r = new SplitMix64(13);
        long worst = 0;
        for (int i = 0; i < n; i++) {
            double x = draw.applyAsDouble(r.nextDouble());
            long u = ulps(ours.applyAsDouble(x), reference.applyAsDouble(x));
            assertTrue(u <= bound, "at " + x + ": " + ours.applyAsDouble(x) + " vs " + reference.applyAsDouble(x));
            worst = Math.max(worst, u);
        }
        return worst;
    }

    @Test
    @DisplayName("expNegative is within 1 ulp of StrictMath.exp on two million arguments, subnormal results included")
    void expNegativeIsWithinOneUlpOfStrictMath() {
        worstOf(Elementary::expNegative, StrictMath::exp, u -> -40 * u, 1_000_000, 1);
        worstOf(Elementary::expNegative, StrictMath::exp, u -> -746 * u, 700_000, 1);
        worstOf(Elementary::expNegative, StrictMath::exp, u -> -708 - 38 * u, 200_000, 1);
        worstOf(Elementary::expNegative, StrictMath::exp, u -> -1e-6 * u, 100_000, 1);
        double[] xs = {0.0, -0.0, -1e-300, -Double.MIN_VALUE, -745.13, -745.14, -746, -1e300, Double.NEGATIVE_INFINITY};
        for (double x : xs) {
            assertTrue(ulps(Elementary.expNegative(x), StrictMath.exp(x)) <= 1, "at " + x);
        }
        assertEquals(1.0, Elementary.expNegative(0.0));
        assertEquals(0.0, Elementary.expNegative(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Elementary.expNegative(Double.NaN)));
    }

    /** log1pUnit with c chosen by e itself. */
    static double log1pUnit(double e) {
        return Elementary.log1pUnit(e, e > Elementary.LOG1P_SERIES_LIMIT ? 1.0 : 0.0);
    }

    @Test
    @DisplayName("log1pUnit is within 2 ulps of StrictMath.log1p on two million e in [0, 1]")
    void log1pUnitIsWithinTwoUlpsOfStrictMath() {
        worstOf(ElementaryTest::log1pUnit, StrictMath::log1p, u -> u, 1_000_000, 2);
        worstOf(ElementaryTest::log1pUnit, StrictMath::log1p, u -> StrictMath.exp(-745 * u), 800_000, 2);
        for (double c : new double[] {0.0, 1.0}) {
            worstOf(e -> Elementary.log1pUnit(e, c), StrictMath::log1p,
                    u -> Elementary.LOG1P_SERIES_LIMIT * (1 + 1e-6 * (u - 0.5)), 100_000, 2);
        }
        for (double e : new double[] {0.0, Double.MIN_VALUE, 1e-300, 1e-17, 0.5, 1.0}) {
            assertTrue(ulps(log1pUnit(e), StrictMath.log1p(e)) <= 2, "at " + e);
        }
        assertEquals(0.0, log1pUnit(0.0));
        assertTrue(Double.isNaN(log1pUnit(Double.NaN)));
    }

    @Test
    @DisplayName("the logistic step's split, x > −asinh(1), is where e^x passes √2 − 1")
    void theSplitIsWhereEPassesTheLimit() {
        double x = -Elementary.LOG1P_SPLIT;
        assertTrue(Math.abs(Elementary.expNegative(x) - Elementary.LOG1P_SERIES_LIMIT) <= 2 * Math.ulp(0.4));
        assertTrue(Elementary.expNegative(Math.nextUp(x + 1e-15)) > Elementary.LOG1P_SERIES_LIMIT);
        assertTrue(Elementary.expNegative(x - 1e-15) < Elementary.LOG1P_SERIES_LIMIT);
    }

    static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
            assertEquals(expected, actual, what);
        } else {
            assertTrue(ulps(expected, actual) <= 2, what + ": " + actual + " vs " + expected);
        }
    }

    @Test
    @DisplayName("the special values are those of StrictMath")
    void theSpecialValuesAreThoseOfStrictMath() {
        double[] xs = {0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 710, -746,
            709.78, -745.1, Double.MIN_VALUE, Double.MAX_VALUE};
        for (double x : xs) {
            assertClose(StrictMath.exp(x), Elementary.exp(x), "exp " + x);
            assertClose(StrictMath.log(x), Elementary.log(x), "log " + x);
            assertClose(StrictMath.log1p(x), Elementary.log1p(x), "log1p " + x);
        }
        assertEquals(1.0, Elementary.exp(0.0));
        assertEquals(0.0, Elementary.log(1.0));
    }
}
