package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LogisticRows} with lanes across trials: {@link Elementary#expNegative}, {@link LogisticRows#sigmoid} and
 * {@link Elementary#log1pUnit} written again operation for operation on vectors.
 */
final class VectorLogisticRows implements LogisticRows {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final VectorSpecies<Long> LONG_SPECIES = LongVector.SPECIES_PREFERRED;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(Elementary.ROUNDER);
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    @Override
    public void apply(double[] z, int off, int count, double y, double scale, double[] s, double[] losses) {
        int t = 0;
        for (; t + LANES <= count; t += LANES) {
            rows(z, off + t, y, scale, s, losses, t);
        }
        for (; t < count; t++) {
            losses[t] += LogisticRows.one(z[off + t], y, scale, s, off + t);
        }
    }

    /**
     * One vector of trials, operation for operation as the scalar functions. The scalar code's choices become bit
     * operations on sign bits, which give the same values without lane masks: −|z| is z with its sign bit set;
     * z's sign bit spread over its lane (all ones where z is negative) picks σ's numerator, e or 1, and clears z
     * to give max(z, 0) (at z = −0 the numerator is e = 1 and max(z, 0) is +0, as in the scalar code); c = 1
     * where e &gt; √2 − 1 is the sign bit of (√2 − 1) − e spread over its lane and masked with the bits of 1.0.
     * Only the underflow to 0 uses a blend, so that NaN stays NaN.
     *
     * <p>Everything is written out in this one method on purpose: C2 intrinsifies a vector operation only where it
     * inlines the whole chain, and it refuses to inline a callee that is already compiled into a large method,
     * after which the operations run in the Vector API's slow Java fallback (10× slower here).
     */
    private static void rows(double[] z, int at, double y, double scale, double[] s, double[] losses, int t) {
        DoubleVector zv = DoubleVector.fromArray(SPECIES, z, at);
        LongVector zBits = (LongVector) zv.convertShape(VectorOperators.REINTERPRET_D2L, LONG_SPECIES, 0);
        LongVector negative = zBits.lanewise(VectorOperators.ASHR, 63);
        LongVector oneBits = LongVector.broadcast(LONG_SPECIES, ONE_BITS);

        // e = e^x, x = −|z|: x = n·ln 2 + r, e^r − 1 = r + r²·q(r) in a tree of depth 4, e = S + S·(e^r − 1)
        DoubleVector x = (DoubleVector) zBits.or(Long.MIN_VALUE)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        VectorMask<Double> under = x.compare(VectorOperators.LT, Elementary.EXP_UNDERFLOW);
        DoubleVector rounded = x.fma(DoubleVector.broadcast(SPECIES, Elementary.LOG2_E),
                DoubleVector.broadcast(SPECIES, Elementary.ROUNDER));
        DoubleVector n = rounded.sub(Elementary.ROUNDER);
        DoubleVector r = n.fma(DoubleVector.broadcast(SPECIES, -Elementary.LN2_HI), x).sub(n.mul(Elementary.LN2_LO));
        double[] q = Elementary.EXP_MINIMAX;
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector q01 = DoubleVector.broadcast(SPECIES, q[1]).fma(r, DoubleVector.broadcast(SPECIES, q[0]));
        DoubleVector q23 = DoubleVector.broadcast(SPECIES, q[3]).fma(r, DoubleVector.broadcast(SPECIES, q[2]));
        DoubleVector q45 = DoubleVector.broadcast(SPECIES, q[5]).fma(r, DoubleVector.broadcast(SPECIES, q[4]));
        DoubleVector q67 = DoubleVector.broadcast(SPECIES, q[7]).fma(r, DoubleVector.broadcast(SPECIES, q[6]));
        DoubleVector q89 = DoubleVector.broadcast(SPECIES, q[9]).fma(r, DoubleVector.broadcast(SPECIES, q[8]));
        DoubleVector q03 = q23.fma(r2, q01);
        DoubleVector q47 = q67.fma(r2, q45);
        DoubleVector expm1 = r2.fma(q89.fma(r4, q47).fma(r4, q03), r);
        // n as a whole number: 1.5·2⁵² + n holds 2⁵¹ + n in its mantissa bits; S = 2ⁿ as two normal factors
        LongVector k = ((LongVector) rounded.convertShape(VectorOperators.REINTERPRET_D2L, LONG_SPECIES, 0))
                .sub(ROUNDER_BITS);
        LongVector high = k.max(-1022L);
        DoubleVector scaleHigh = (DoubleVector) high.add(1023).lanewise(VectorOperators.LSHL, 52)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        DoubleVector scaleLow = (DoubleVector) k.sub(high).add(1023).lanewise(VectorOperators.LSHL, 52)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        DoubleVector power = scaleHigh.mul(scaleLow);
        DoubleVector e = power.fma(expm1, power).blend(0.0, under);

        // the slope: (z ≥ 0 ? 1 : e)/(1 + e), less y, times scale
        LongVector eBits = (LongVector) e.convertShape(VectorOperators.REINTERPRET_D2L, LONG_SPECIES, 0);
        DoubleVector numerator = (DoubleVector) eBits.and(negative)
                .or(oneBits.lanewise(VectorOperators.AND_NOT, negative))
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        numerator.div(e.add(1.0)).sub(y).mul(scale).intoArray(s, at);

        // the loss: max(z, 0) − z·y + ((c·log 2 + 2s) + s·w·p(w)), s = (e − c)/((e + 2) + c), w = s²
        LongVector aboveBits = (LongVector) DoubleVector.broadcast(SPECIES, Elementary.LOG1P_SERIES_LIMIT).sub(e)
                .convertShape(VectorOperators.REINTERPRET_D2L, LONG_SPECIES, 0);
        DoubleVector c = (DoubleVector) aboveBits.lanewise(VectorOperators.ASHR, 63).and(oneBits)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        DoubleVector sv = e.sub(c).div(e.add(2.0).add(c));
        double[] p = Elementary.ATANH_MINIMAX;
        DoubleVector w = sv.mul(sv);
        DoubleVector w2 = w.mul(w);
        DoubleVector p01 = DoubleVector.broadcast(SPECIES, p[1]).fma(w, DoubleVector.broadcast(SPECIES, p[0]));
        DoubleVector p23 = DoubleVector.broadcast(SPECIES, p[3]).fma(w, DoubleVector.broadcast(SPECIES, p[2]));
        DoubleVector p45 = DoubleVector.broadcast(SPECIES, p[5]).fma(w, DoubleVector.broadcast(SPECIES, p[4]));
        DoubleVector p03 = p23.fma(w2, p01);
        DoubleVector p46 = DoubleVector.broadcast(SPECIES, p[6]).fma(w2, p45);
        DoubleVector tail = sv.mul(w).fma(p46.fma(w2.mul(w2), p03), c.mul(Elementary.LN2_LO));
        DoubleVector relu = (DoubleVector) zBits.lanewise(VectorOperators.AND_NOT, negative)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        DoubleVector log1p = c.mul(Elementary.LN2_HI).add(sv.mul(2.0)).add(tail);
        DoubleVector loss = relu.sub(zv.mul(y)).add(log1p);
        DoubleVector.fromArray(SPECIES, losses, t).add(loss).intoArray(losses, t);
    }
}
