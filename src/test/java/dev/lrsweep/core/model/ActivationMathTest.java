package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.SplitMix64;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The perceptron's elementary functions, tanh and erf, against references. */
class ActivationMathTest {
    private static final MathContext MC = new MathContext(50);
    private static final BigDecimal SQRT_PI = new BigDecimal("1.7724538509055160272981674833411451827975494561223871");

    @Test
    @DisplayName("tanh is within 3 ulps of StrictMath.tanh from 1e-8 to 25 in size, and exact at its special values")
    void tanhIsWithinThreeUlpsOfStrictMath() {
        ElementaryTest.worstOf(Elementary::tanh, StrictMath::tanh, u -> 50 * u - 25, 1_000_000, 3);
        ElementaryTest.worstOf(Elementary::tanh, StrictMath::tanh, u -> 2 * u - 1, 500_000, 3);
        ElementaryTest.worstOf(Elementary::tanh, StrictMath::tanh, u -> (2 * u - 1) * 1e-8, 100_000, 3);
        assertEquals(0.0, Elementary.tanh(0.0));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Elementary.tanh(-0.0)));
        assertEquals(1.0, Elementary.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Elementary.tanh(-30));
        assertTrue(Double.isNaN(Elementary.tanh(Double.NaN)));
    }

    /** erf x in 50 digits: (2/√π)·e^−x²·Σ 2ⁿx²ⁿ⁺¹/(1·3·…·(2n + 1)). */
    static double exactErf(double value) {
        BigDecimal x = new BigDecimal(Math.abs(value));
        BigDecimal square = x.multiply(x, MC);
        BigDecimal term = x;
        BigDecimal sum = x;
        for (int n = 1; term.compareTo(sum.multiply(new BigDecimal("1e-40"))) > 0; n++) {
            term = term.multiply(square.add(square), MC).divide(BigDecimal.valueOf(2 * n + 1), MC);
            sum = sum.add(term, MC);
        }
        BigDecimal exp = BigDecimal.ONE;
        BigDecimal t = BigDecimal.ONE;
        for (int n = 1; n < 10 || t.compareTo(new BigDecimal("1e-45")) > 0; n++) {
            t = t.multiply(square, MC).divide(BigDecimal.valueOf(n), MC);
            exp = exp.add(t, MC);
        }
        BigDecimal erf = sum.multiply(BigDecimal.valueOf(2), MC).divide(SQRT_PI.multiply(exp, MC), MC);
        return Math.copySign(erf.doubleValue(), value);
    }

    @Test
    @DisplayName("erf is within 1e-15 relative of its value in exact arithmetic, in each of its four ranges")
    void erfIsWithin1e15OfExactArithmetic() {
        SplitMix64 r = new SplitMix64(17);
        for (int i = 0; i < 4000; i++) {
            double x = (2 * r.nextDouble() - 1) * 6.5 * Math.pow(10, -r.nextInt(5));
            double exact = exactErf(x);
            assertTrue(Math.abs(Elementary.erf(x) - exact) <= 1e-15 * Math.abs(exact),
                    "erf " + x + " = " + Elementary.erf(x) + ", exactly " + exact);
        }
        assertEquals(1.0, Elementary.erf(6.0));
        assertEquals(-1.0, Elementary.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Elementary.erf(0.0));
        assertTrue(Double.isNaN(Elementary.erf(Double.NaN)));
    }
}
