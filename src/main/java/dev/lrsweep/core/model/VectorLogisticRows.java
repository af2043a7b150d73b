package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LogisticRows} with lanes across trials: {@link Elementary#expNegative}, {@link LogisticRows#sigmoid} and
 * {@link Elementary#log1pUnit} written again operation for operation on vectors, two vectors at a time.
 */
final class VectorLogisticRows implements LogisticRows {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final VectorSpecies<Long> LONG_SPECIES = LongVector.SPECIES_PREFERRED;
    private static final VectorOperators.Conversion<Double, Long> D2L = VectorOperators.REINTERPRET_D2L;
    private static final VectorOperators.Conversion<Long, Double> L2D = VectorOperators.REINTERPRET_L2D;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(Elementary.ROUNDER);
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    private static final long LN2_HI_BITS = Double.doubleToRawLongBits(Elementary.LN2_HI);
    private static final long LN2_LO_BITS = Double.doubleToRawLongBits(Elementary.LN2_LO);
    /** 0, 1, …, LANES − 1. */
    private static final DoubleVector LANE = DoubleVector.zero(SPECIES).addIndex(1);

    /**
     * Whole vectors two at a time; a last odd vector is both of a pair (twice the same bits, for the time of one).
     * Trials past the last whole vector go in a vector of the last LANES trials, which computes a few trials again:
     * the same slopes, and their losses are kept. Fewer trials than one vector go one at a time.
     */
    @Override
    public void apply(double[] z, int off, int count, double y, double scale, double[] s, double[] losses) {
        if (count < LANES) {
            for (int t = 0; t < count; t++) {
                losses[t] += LogisticRows.one(z[off + t], y, scale, s, off + t);
            }
            return;
        }
        int whole = count - count % LANES;
        int t = 0;
        for (; t + 2 * LANES <= whole; t += 2 * LANES) {
            rows(z, off, y, scale, s, losses, t, t + LANES, 0, 0);
        }
        if (t < whole) {
            // one whole vector left, paired with the last LANES trials when some are left past it, else with itself
            rows(z, off, y, scale, s, losses, t, count - LANES, 0, whole < count ? whole : 0);
        } else if (whole < count) {
            rows(z, off, y, scale, s, losses, count - LANES, count - LANES, whole, whole);
        }
    }

    /**
     * Two vectors of trials, from tA and tB (equal, a vector apart, or B overlapping the end of A), operation for
     * operation as the scalar functions; each step is written for A and then for B, so that the processor works on
     * both chains at once (the steps of one depend on each other, and one vector alone leaves it waiting).
     *
     * <p>The scalar code's choices become bit operations on sign bits, which give the same values without lane
     * masks: −|z| is z with its sign bit set; z's sign bit spread over its lane (all ones where z is negative)
     * picks σ's numerator, e or 1, and clears z to give max(z, 0) (at z = −0 the numerator is e = 1 and
     * max(z, 0) is +0, as in the scalar code); the sign bit of −asinh(1) − x spread over its lane, set where
     * x &gt; −asinh(1), masks the bits of 1.0, ln2 high and ln2 low into c, c·ln2 high and c·ln2 low. 2s is
     * s + s. Only the underflow to 0 uses a blend, so that NaN stays NaN.
     *
     * <p>Everything is written out in this one method on purpose: C2 intrinsifies a vector operation only where it
     * inlines the whole chain, and it refuses to inline a callee that is already compiled into a large method,
     * after which the operations run in the Vector API's slow Java fallback (ten times slower or worse).
     */
    private static void rows(double[] z, int off, double y, double scale, double[] s, double[] losses, int tA,
                             int tB, int firstNewA, int firstNewB) {
        LongVector oneBits = LongVector.broadcast(LONG_SPECIES, ONE_BITS);
        double[] qs = Elementary.EXP_MINIMAX;
        double[] ps = Elementary.ATANH_MINIMAX;

        // the signs: z, its bits, all ones in the lanes where z is negative
        DoubleVector zA = DoubleVector.fromArray(SPECIES, z, off + tA);
        DoubleVector zB = DoubleVector.fromArray(SPECIES, z, off + tB);
        LongVector bitsA = (LongVector) zA.convertShape(D2L, LONG_SPECIES, 0);
        LongVector bitsB = (LongVector) zB.convertShape(D2L, LONG_SPECIES, 0);
        LongVector negativeA = bitsA.lanewise(VectorOperators.ASHR, 63);
        LongVector negativeB = bitsB.lanewise(VectorOperators.ASHR, 63);

        // e = e^x, x = −|z|: x = n·ln 2 + r, e^r − 1 = r + r²·q(r) in a tree of depth 4, e = S + S·(e^r − 1);
        // 1.5·2⁵² + n holds 2⁵¹ + n in its mantissa bits, and S = 2ⁿ = 2ⁿ⁺⁵⁴·2⁻⁵⁴ is a product of normal numbers
        DoubleVector xA = (DoubleVector) bitsA.or(Long.MIN_VALUE).convertShape(L2D, SPECIES, 0);
        DoubleVector xB = (DoubleVector) bitsB.or(Long.MIN_VALUE).convertShape(L2D, SPECIES, 0);
        VectorMask<Double> underA = xA.compare(VectorOperators.LT, Elementary.EXP_UNDERFLOW);
        VectorMask<Double> underB = xB.compare(VectorOperators.LT, Elementary.EXP_UNDERFLOW);
        DoubleVector roundedA = xA.fma(DoubleVector.broadcast(SPECIES, Elementary.LOG2_E),
                DoubleVector.broadcast(SPECIES, Elementary.ROUNDER));
        DoubleVector roundedB = xB.fma(DoubleVector.broadcast(SPECIES, Elementary.LOG2_E),
                DoubleVector.broadcast(SPECIES, Elementary.ROUNDER));
        DoubleVector nA = roundedA.sub(Elementary.ROUNDER);
        DoubleVector nB = roundedB.sub(Elementary.ROUNDER);
        DoubleVector rA = nA.fma(DoubleVector.broadcast(SPECIES, -Elementary.LN2_HI), xA)
                .sub(nA.mul(Elementary.LN2_LO));
        DoubleVector rB = nB.fma(DoubleVector.broadcast(SPECIES, -Elementary.LN2_HI), xB)
                .sub(nB.mul(Elementary.LN2_LO));
        DoubleVector r2A = rA.mul(rA);
        DoubleVector r2B = rB.mul(rB);
        DoubleVector r4A = r2A.mul(r2A);
        DoubleVector r4B = r2B.mul(r2B);
        DoubleVector q01A = DoubleVector.broadcast(SPECIES, qs[1]).fma(rA, DoubleVector.broadcast(SPECIES, qs[0]));
        DoubleVector q01B = DoubleVector.broadcast(SPECIES, qs[1]).fma(rB, DoubleVector.broadcast(SPECIES, qs[0]));
        DoubleVector q23A = DoubleVector.broadcast(SPECIES, qs[3]).fma(rA, DoubleVector.broadcast(SPECIES, qs[2]));
        DoubleVector q23B = DoubleVector.broadcast(SPECIES, qs[3]).fma(rB, DoubleVector.broadcast(SPECIES, qs[2]));
        DoubleVector q45A = DoubleVector.broadcast(SPECIES, qs[5]).fma(rA, DoubleVector.broadcast(SPECIES, qs[4]));
        DoubleVector q45B = DoubleVector.broadcast(SPECIES, qs[5]).fma(rB, DoubleVector.broadcast(SPECIES, qs[4]));
        DoubleVector q67A = DoubleVector.broadcast(SPECIES, qs[7]).fma(rA, DoubleVector.broadcast(SPECIES, qs[6]));
        DoubleVector q67B = DoubleVector.broadcast(SPECIES, qs[7]).fma(rB, DoubleVector.broadcast(SPECIES, qs[6]));
        DoubleVector q89A = DoubleVector.broadcast(SPECIES, qs[9]).fma(rA, DoubleVector.broadcast(SPECIES, qs[8]));
        DoubleVector q89B = DoubleVector.broadcast(SPECIES, qs[9]).fma(rB, DoubleVector.broadcast(SPECIES, qs[8]));
        DoubleVector q03A = q23A.fma(r2A, q01A);
        DoubleVector q03B = q23B.fma(r2B, q01B);
        DoubleVector q47A = q67A.fma(r2A, q45A);
        DoubleVector q47B = q67B.fma(r2B, q45B);
        DoubleVector expm1A = r2A.fma(q89A.fma(r4A, q47A).fma(r4A, q03A), rA);
        DoubleVector expm1B = r2B.fma(q89B.fma(r4B, q47B).fma(r4B, q03B), rB);
        LongVector biasedA = ((LongVector) roundedA.convertShape(D2L, LONG_SPECIES, 0)).sub(ROUNDER_BITS - 1077);
        LongVector biasedB = ((LongVector) roundedB.convertShape(D2L, LONG_SPECIES, 0)).sub(ROUNDER_BITS - 1077);
        DoubleVector powerA = ((DoubleVector) biasedA.lanewise(VectorOperators.LSHL, 52).convertShape(L2D, SPECIES, 0))
                .mul(0x1p-54);
        DoubleVector powerB = ((DoubleVector) biasedB.lanewise(VectorOperators.LSHL, 52).convertShape(L2D, SPECIES, 0))
                .mul(0x1p-54);
        DoubleVector eA = powerA.fma(expm1A, powerA).blend(0.0, underA);
        DoubleVector eB = powerB.fma(expm1B, powerB).blend(0.0, underB);

        // the slope: (z ≥ 0 ? 1 : e)/(1 + e), less y, times scale
        LongVector eBitsA = (LongVector) eA.convertShape(D2L, LONG_SPECIES, 0);
        LongVector eBitsB = (LongVector) eB.convertShape(D2L, LONG_SPECIES, 0);
        DoubleVector numeratorA = (DoubleVector) eBitsA.and(negativeA)
                .or(oneBits.lanewise(VectorOperators.AND_NOT, negativeA)).convertShape(L2D, SPECIES, 0);
        DoubleVector numeratorB = (DoubleVector) eBitsB.and(negativeB)
                .or(oneBits.lanewise(VectorOperators.AND_NOT, negativeB)).convertShape(L2D, SPECIES, 0);
        numeratorA.div(eA.add(1.0)).sub(y).mul(scale).intoArray(s, off + tA);
        numeratorB.div(eB.add(1.0)).sub(y).mul(scale).intoArray(s, off + tB);

        // the loss: max(z, 0) − z·y + ((c·ln 2 + 2s) + s·w·p(w)) with s = (e − c)/(e + (c + 2)), w = s²;
        // c, c·ln2 high and c·ln2 low come from x, so that they are ready before e
        LongVector splitA = ((LongVector) DoubleVector.broadcast(SPECIES, -Elementary.LOG1P_SPLIT).sub(xA)
                .convertShape(D2L, LONG_SPECIES, 0)).lanewise(VectorOperators.ASHR, 63);
        LongVector splitB = ((LongVector) DoubleVector.broadcast(SPECIES, -Elementary.LOG1P_SPLIT).sub(xB)
                .convertShape(D2L, LONG_SPECIES, 0)).lanewise(VectorOperators.ASHR, 63);
        DoubleVector cA = (DoubleVector) splitA.and(oneBits).convertShape(L2D, SPECIES, 0);
        DoubleVector cB = (DoubleVector) splitB.and(oneBits).convertShape(L2D, SPECIES, 0);
        DoubleVector cLn2HiA = (DoubleVector) splitA.and(LN2_HI_BITS).convertShape(L2D, SPECIES, 0);
        DoubleVector cLn2HiB = (DoubleVector) splitB.and(LN2_HI_BITS).convertShape(L2D, SPECIES, 0);
        DoubleVector cLn2LoA = (DoubleVector) splitA.and(LN2_LO_BITS).convertShape(L2D, SPECIES, 0);
        DoubleVector cLn2LoB = (DoubleVector) splitB.and(LN2_LO_BITS).convertShape(L2D, SPECIES, 0);
        DoubleVector sA = eA.sub(cA).div(eA.add(cA.add(2.0)));
        DoubleVector sB = eB.sub(cB).div(eB.add(cB.add(2.0)));
        DoubleVector wA = sA.mul(sA);
        DoubleVector wB = sB.mul(sB);
        DoubleVector w2A = wA.mul(wA);
        DoubleVector w2B = wB.mul(wB);
        DoubleVector p01A = DoubleVector.broadcast(SPECIES, ps[1]).fma(wA, DoubleVector.broadcast(SPECIES, ps[0]));
        DoubleVector p01B = DoubleVector.broadcast(SPECIES, ps[1]).fma(wB, DoubleVector.broadcast(SPECIES, ps[0]));
        DoubleVector p23A = DoubleVector.broadcast(SPECIES, ps[3]).fma(wA, DoubleVector.broadcast(SPECIES, ps[2]));
        DoubleVector p23B = DoubleVector.broadcast(SPECIES, ps[3]).fma(wB, DoubleVector.broadcast(SPECIES, ps[2]));
        DoubleVector p45A = DoubleVector.broadcast(SPECIES, ps[5]).fma(wA, DoubleVector.broadcast(SPECIES, ps[4]));
        DoubleVector p45B = DoubleVector.broadcast(SPECIES, ps[5]).fma(wB, DoubleVector.broadcast(SPECIES, ps[4]));
        DoubleVector p03A = p23A.fma(w2A, p01A);
        DoubleVector p03B = p23B.fma(w2B, p01B);
        DoubleVector p46A = DoubleVector.broadcast(SPECIES, ps[6]).fma(w2A, p45A);
        DoubleVector p46B = DoubleVector.broadcast(SPECIES, ps[6]).fma(w2B, p45B);
        DoubleVector tailA = sA.mul(wA).fma(p46A.fma(w2A.mul(w2A), p03A), cLn2LoA);
        DoubleVector tailB = sB.mul(wB).fma(p46B.fma(w2B.mul(w2B), p03B), cLn2LoB);
        DoubleVector log1pA = cLn2HiA.add(sA.add(sA)).add(tailA);
        DoubleVector log1pB = cLn2HiB.add(sB.add(sB)).add(tailB);
        DoubleVector reluA = (DoubleVector) bitsA.lanewise(VectorOperators.AND_NOT, negativeA)
                .convertShape(L2D, SPECIES, 0);
        DoubleVector reluB = (DoubleVector) bitsB.lanewise(VectorOperators.AND_NOT, negativeB)
                .convertShape(L2D, SPECIES, 0);
        DoubleVector lossA = reluA.sub(zA.mul(y)).add(log1pA);
        DoubleVector lossB = reluB.sub(zB.mul(y)).add(log1pB);

        // both sums are read before either is written. Trials before firstNew (done by an earlier vector, or by A)
        // keep their sums; B is written first, so that where B overlaps A, A's sums are the ones left. Where B is
        // A, both writes give the same bits.
        DoubleVector sumA = DoubleVector.fromArray(SPECIES, losses, tA);
        DoubleVector sumB = DoubleVector.fromArray(SPECIES, losses, tB);
        DoubleVector newA = sumA.add(lossA);
        DoubleVector newB = sumB.add(lossB);
        if (firstNewB > tB) {
            newB = newB.blend(sumB, LANE.add(tB).compare(VectorOperators.LT, firstNewB));
        }
        if (firstNewA > tA) {
            newA = newA.blend(sumA, LANE.add(tA).compare(VectorOperators.LT, firstNewA));
        }
        newB.intoArray(losses, tB);
        newA.intoArray(losses, tA);
    }
}
