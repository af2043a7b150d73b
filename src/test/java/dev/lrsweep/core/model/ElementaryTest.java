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
