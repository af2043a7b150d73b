package dev.lrsweep.core.model;

/**
 * The exponential and logarithms the losses need, written in plain double arithmetic and {@link Math#fma}: every
 * JVM on every machine computes the same bits (as {@link StrictMath} would), but several times faster, because
 * nothing here leaves Java and the code inlines into the loss loops. Results are within 2 units in the last
 * place of the true value (a test compares them with {@link StrictMath} on about two million arguments).
 *
 * <p>exp: x = n·ln 2 + r with |r| ≤ ln2/2, e^r by its Taylor series to degree 13 (Horner, fused), scaled by 2ⁿ.
 * log: x = 2ᵏ·m with m ∈ [√½, √2], log m = 2·atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.172, by its series to s²¹.
 *
 * <p>The logistic loss has two functions of its own, {@link #expNegative} and {@link #log1pUnit}, with shorter
 * minimax polynomials evaluated in a shallow tree (Estrin's scheme) rather than one long Horner chain, so that
 * their vectorised copy in {@code VectorLogisticRows} waits less on each result. Measured against
 * {@link StrictMath} on two million arguments each, expNegative is within 1 ulp and log1pUnit within 2.
 *
 * <p>The activations of a multi-layer perceptron need two more: {@link #tanh}, from e^−2|x| − 1 computed without
 * cancellation ({@link #expm1Negative}), and {@link #erf}: below 1 by its Taylor series, from 1 to 2 by the series
 * erf x = (2/√π)·e^−x²·Σ 2ⁿx²ⁿ⁺¹/(1·3·…·(2n + 1)), whose terms are all positive, from 2 to 6 as 1 − erfc x with
 * erfc by Laplace's continued fraction, and ±1 beyond (erf rounds to ±1 from 5.93). tanh is within 3 ulps of
 * {@link StrictMath#tanh}, erf within 1e-15 relative of its value in exact arithmetic.
 */
public final class Elementary {
    static final double LOG2_E = 1.4426950408889634;
    /** ln 2 split into a high part with zeros in its low bits and the rest (fdlibm's constants). */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double EXP_OVERFLOW = 709.782712893384;
    static final double EXP_UNDERFLOW = -745.1332191019412;
    static final double SQRT2 = 1.4142135623730951;
    static final double ROUNDER = 0x1.8p52;
    static final double LOG1P_SERIES_LIMIT = 0.41421356237309503;
    /** 1/k! for k = 13 … 2. */
    static final double[] INVERSE_FACTORIALS = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
        1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5};
    /**
     * For {@link #expNegative}: q₀ … q₉ of the minimax polynomial q(r) with e^r ≈ 1 + r + r²·q(r) on |r| ≤ ln2/2
     * (relative error below 10⁻¹⁷ with these rounded coefficients).
     */
    static final double[] EXP_MINIMAX = {
        0.5000000000000011, 0.16666666666666413, 0.04166666666653018, 0.008333333333494432, 0.0013888888943622416,
        0.0001984126950662656, 2.480149310776256e-05, 2.7557586348215585e-06, 2.763024494308736e-07,
        2.5000064169616405e-08};
    /**
     * For {@link #log1pUnit}: p₀ … p₆ of the minimax polynomial p(w) with 2·atanh(s) ≈ 2s + s·w·p(w), w = s²,
     * on |s| ≤ 3 − 2√2 (relative error below 2·10⁻¹⁸ with these rounded coefficients).
     */
    static final double[] ATANH_MINIMAX = {
        0.6666666666666735, 0.3999999999941312, 0.2857142874276665, 0.22222198531091225, 0.1818356667053636,
        0.15313986756847306, 0.14796624529567967};
    /** asinh(1) = −log(√2 − 1): e^x &gt; √2 − 1 where x &gt; −asinh(1), so {@link #log1pUnit}'s c is 1 there. */
    static final double LOG1P_SPLIT = 0.881373587019543;
    /** 2/(2k+1) for k = 10 … 1: the series of 2·atanh(s)/s − 2 in s². */
    static final double[] ATANH_COEFFICIENTS = {
        2.0 / 21, 2.0 / 19, 2.0 / 17, 2.0 / 15, 2.0 / 13, 2.0 / 11, 2.0 / 9, 2.0 / 7, 2.0 / 5, 2.0 / 3};
    /** 2/√π. */
    static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    /** (−1)ⁿ/(n!·(2n + 1)) for n = 20 … 0: erf x = (2/√π)·x·Σ cₙx²ⁿ, for |x| &lt; 1. */
    static final double[] ERF_TAYLOR = erfTaylor();
    /** Where erf's Taylor series gives way to the series of positive terms. */
    static final double ERF_SPLIT = 1.0;
    /** From here on erf x = 1 − erfc x, erfc by its continued fraction to depth {@link #ERF_DEPTH}. */
    static final double ERF_FRACTION = 2.0;
    static final int ERF_DEPTH = 50;
    static final double SQRT_PI = 1.7724538509055160;
    /** Beyond this erf(x) rounds to ±1 (erfc(5.93) &lt; 2⁻⁵⁴). */
    static final double ERF_ONE = 6.0;

    private Elementary() {
    }

    /** e^x. */
    public static double exp(double x) {
        if (!(x < EXP_OVERFLOW)) {
            return x != x ? x : Double.POSITIVE_INFINITY;
        }
        if (x < EXP_UNDERFLOW) {
            return 0.0;
        }
        // round to nearest even by the 1.5·2⁵² trick, exact for |x·log₂e| < 2⁵¹ (here |·| < 1100)
        double n = (x * LOG2_E + ROUNDER) - ROUNDER;
        double r = Math.fma(-n, LN2_HI, x);
        r = Math.fma(-n, LN2_LO, r);
        double p = INVERSE_FACTORIALS[0];
        for (int i = 1; i < INVERSE_FACTORIALS.length; i++) {
            p = Math.fma(p, r, INVERSE_FACTORIALS[i]);
        }
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        // 2ⁿ in two factors, each a normal double, so that a subnormal result is rounded once
        long k = (long) n;
        long half = k >> 1;
        return p * Double.longBitsToDouble((half + 1023) << 52) * Double.longBitsToDouble((k - half + 1023) << 52);
    }

    /** log(1 + x), accurate for small x. */
    public static double log1p(double x) {
        if (x >= -0.2928932188134524 && x <= LOG1P_SERIES_LIMIT) {
            return log1pSeries(x);
        }
        if (!(x > -1)) {
            return x == -1 ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        double u = 1.0 + x;
        // log(u) plus the first-order correction for the rounding of 1 + x
        return log(u) + (x - (u - 1.0)) / u;
    }

    /** The natural logarithm. */
    public static double log(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            if (x == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return x == Double.POSITIVE_INFINITY ? x : Double.NaN;
        }
        int k = 0;
        if (x < Double.MIN_NORMAL) {
            x *= 0x1p54;
            k = -54;
        }
        long bits = Double.doubleToRawLongBits(x);
        k += (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > SQRT2) {
            m *= 0.5;
            k++;
        }
        double series = log1pSeries(m - 1.0);
        return k == 0 ? series : Math.fma(k, LN2_HI, series + k * LN2_LO);
    }

    /**
     * e^x for x ≤ 0 (NaN gives NaN). With x = n·ln 2 + r as in {@link #exp}: e^r − 1 = r + r²·q(r) by
     * {@link #EXP_MINIMAX}, then e^x = S + S·(e^r − 1) in one fused step, so a subnormal result is rounded once.
     * S = 2ⁿ = 2ⁿ⁺⁵⁴·2⁻⁵⁴, a product of two normal powers of two (n ≥ −1075 here), exact down to 2⁻¹⁰⁷⁴; at
     * n = −1075 it rounds to 0, and so does the result, one subnormal step below the true value at most. Below
     * −745.13 the result is 0.
     */
    static double expNegative(double x) {
        if (x < EXP_UNDERFLOW) {
            return 0.0;
        }
        double t = Math.fma(x, LOG2_E, ROUNDER);
        double n = t - ROUNDER;
        double r = Math.fma(n, -LN2_HI, x) - n * LN2_LO;
        double expm1 = reducedExpm1(r);
        // 1.5·2⁵² + n holds 2⁵¹ + n in its mantissa bits: its bits less ROUNDER's are n
        long biased = Double.doubleToRawLongBits(t) - (Double.doubleToRawLongBits(ROUNDER) - 1077);
        double power = Double.longBitsToDouble(biased << 52) * 0x1p-54;
        return Math.fma(power, expm1, power);
    }

    /**
     * log(1 + e) for 0 ≤ e ≤ 1 (the logistic loss's e = e^−|z|), with no rounding of 1 + e, given c = 0 where e is
     * below about √2 − 1 and c = 1 where it is above (near √2 − 1 either is accurate): 2·atanh(s) with
     * s = e/(e + 2) for c = 0, log 2 + 2·atanh(s) with s = (e − 1)/(e + 3) for c = 1, |s| ≤ 3 − 2√2 (and a hair)
     * either way; 2·atanh(s) = 2s + s·w·p(w), w = s², by {@link #ATANH_MINIMAX}, summed as
     * (c·log 2 + 2s) + s·w·p(w). The logistic step takes c from z (see {@link #LOG1P_SPLIT}), so that the
     * division need not wait for a comparison of e.
     */
    static double log1pUnit(double e, double c) {
        double s = (e - c) / (e + (c + 2.0));
        double[] p = ATANH_MINIMAX;
        double w = s * s;
        double w2 = w * w;
        double p01 = Math.fma(p[1], w, p[0]);
        double p23 = Math.fma(p[3], w, p[2]);
        double p45 = Math.fma(p[5], w, p[4]);
        double p03 = Math.fma(p23, w2, p01);
        double p46 = Math.fma(p[6], w2, p45);
        double tail = Math.fma(s * w, Math.fma(p46, w2 * w2, p03), c * LN2_LO);
        return (c * LN2_HI + 2.0 * s) + tail;
    }

    /** log(1 + f) for f ∈ [√½ − 1, √2 − 1], as 2·atanh(f / (2 + f)). */
    private static double log1pSeries(double f) {
        double s = f / (2.0 + f);
        double s2 = s * s;
        double p = ATANH_COEFFICIENTS[0];
        for (int i = 1; i < ATANH_COEFFICIENTS.length; i++) {
            p = Math.fma(p, s2, ATANH_COEFFICIENTS[i]);
        }
        return 2.0 * s + s * s2 * p;
    }

    /** The coefficients of {@link #ERF_TAYLOR}, highest first, each the quotient of two exact integers. */
    private static double[] erfTaylor() {
        double[] c = new double[21];
        double factorial = 1.0;
        for (int n = 0; n <= 20; n++) {
            factorial *= n == 0 ? 1 : n;
            c[20 - n] = (n % 2 == 0 ? 1.0 : -1.0) / (factorial * (2 * n + 1));
        }
        return c;
    }

    /** e^r − 1 for the reduced argument |r| ≤ ln 2 / 2, by the minimax polynomial, in Estrin's order. */
    private static double reducedExpm1(double r) {
        double[] q = EXP_MINIMAX;
        double r2 = r * r;
        double r4 = r2 * r2;
        double q01 = Math.fma(q[1], r, q[0]);
        double q23 = Math.fma(q[3], r, q[2]);
        double q45 = Math.fma(q[5], r, q[4]);
        double q67 = Math.fma(q[7], r, q[6]);
        double q89 = Math.fma(q[9], r, q[8]);
        double q03 = Math.fma(q23, r2, q01);
        double q47 = Math.fma(q67, r2, q45);
        return Math.fma(r2, Math.fma(Math.fma(q89, r4, q47), r4, q03), r);
    }

    /**
     * e^x − 1 for x ≤ 0, accurate where the result is small: with x = n·ln 2 + r as in {@link #expNegative},
     * e^x − 1 = 2ⁿ·(e^r − 1) + (2ⁿ − 1) in one fused step (2ⁿ − 1 is exact). Below −40 the result rounds to −1.
     */
    static double expm1Negative(double x) {
        if (x < -40.0) {
            return -1.0;
        }
        double t = Math.fma(x, LOG2_E, ROUNDER);
        double n = t - ROUNDER;
        double r = Math.fma(n, -LN2_HI, x) - n * LN2_LO;
        double expm1 = reducedExpm1(r);
        double power = Double.longBitsToDouble(((long) n + 1023) << 52);
        return Math.fma(power, expm1, power - 1.0);
    }

    /** The hyperbolic tangent: tanh |x| = −m/(2 + m) with m = e^−2|x| − 1, with the sign of x. */
    public static double tanh(double x) {
        double m = expm1Negative(-2.0 * Math.abs(x));
        return Math.copySign(-m / (2.0 + m), x);
    }

    /** The error function, erf x = (2/√π)·∫₀ˣ e^−t² dt. */
    public static double erf(double x) {
        double a = Math.abs(x);
        if (a < ERF_SPLIT) {
            double w = a * a;
            double p = ERF_TAYLOR[0];
            for (int i = 1; i < ERF_TAYLOR.length; i++) {
                p = Math.fma(p, w, ERF_TAYLOR[i]);
            }
            return Math.copySign(TWO_OVER_SQRT_PI * (a * p), x);
        }
        if (!(a < ERF_ONE)) {
            return a != a ? x : Math.copySign(1.0, x);
        }
        // e^−a², with a² = hi + lo exactly: e^−hi·(1 − lo)
        double hi = a * a;
        double lo = Math.fma(a, a, -hi);
        double gauss = exp(-hi) * (1.0 - lo);
        if (a >= ERF_FRACTION) {
            // erfc a = e^−a²/(√π·K), K = a + (1/2)/(a + 1/(a + (3/2)/(a + …))), from depth ERF_DEPTH up
            double k = a;
            for (int n = ERF_DEPTH; n >= 1; n--) {
                k = a + 0.5 * n / k;
            }
            return Math.copySign(1.0 - gauss / (SQRT_PI * k), x);
        }
        // Σ 2ⁿa²ⁿ⁺¹/(1·3·…·(2n + 1)): the terms rise while 2n + 1 < 2a², then fall; stop when they no longer count
        double twoSquare = 2.0 * a * a;
        double term = a;
        double sum = a;
        for (int n = 1; term > 0x1p-56 * sum; n++) {
            term = term * twoSquare / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(Math.min(1.0, TWO_OVER_SQRT_PI * gauss * sum), x);
    }
}
