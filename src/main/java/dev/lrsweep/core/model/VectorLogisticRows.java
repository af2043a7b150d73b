package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LogisticRows} with lanes across trials: {@link Elementary#exp} and {@link Elementary#log1p} written
 * again operation for operation on vectors (the arguments here are −|z| ≤ 0 and e ∈ [0, 1]).
 */
final class VectorLogisticRows implements LogisticRows {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(Elementary.ROUNDER);

    @Override
    public void apply(double[] z, int off, int count, double y, double scale, double[] s, double[] losses) {
        int t = 0;
        for (; t + LANES <= count; t += LANES) {
            DoubleVector zv = DoubleVector.fromArray(SPECIES, z, off + t);
            DoubleVector e = exp(zv.abs().neg());
            DoubleVector onePlus = e.add(1.0);
            DoubleVector sigmoid = e.div(onePlus).blend(DoubleVector.broadcast(SPECIES, 1.0).div(onePlus),
                    zv.compare(VectorOperators.GE, 0.0));
            sigmoid.sub(y).mul(scale).intoArray(s, off + t);
            DoubleVector loss = zv.max(0.0).sub(zv.mul(y)).add(log1p(e));
            DoubleVector.fromArray(SPECIES, losses, t).add(loss).intoArray(losses, t);
        }
        for (; t < count; t++) {
            losses[t] += LogisticRows.one(z[off + t], y, scale, s, off + t);
        }
    }

    /** {@link Elementary#exp} for arguments below its overflow threshold (or NaN). */
    static DoubleVector exp(DoubleVector x) {
        VectorMask<Double> under = x.compare(VectorOperators.LT, Elementary.EXP_UNDERFLOW);
        DoubleVector rounded = x.mul(Elementary.LOG2_E).add(Elementary.ROUNDER);
        DoubleVector n = rounded.sub(Elementary.ROUNDER);
        DoubleVector r = n.neg().fma(DoubleVector.broadcast(SPECIES, Elementary.LN2_HI), x);
        r = n.neg().fma(DoubleVector.broadcast(SPECIES, Elementary.LN2_LO), r);
        double[] c = Elementary.INVERSE_FACTORIALS;
        DoubleVector p = DoubleVector.broadcast(SPECIES, c[0]);
        for (int i = 1; i < c.length; i++) {
            p = p.fma(r, DoubleVector.broadcast(SPECIES, c[i]));
        }
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        p = p.fma(r, one);
        p = p.fma(r, one);
        // n as a whole number: 1.5·2⁵² + n holds 2⁵¹ + n in its mantissa bits
        LongVector k = ((LongVector) rounded.viewAsIntegralLanes()).sub(ROUNDER_BITS);
        LongVector half = k.lanewise(VectorOperators.ASHR, 1);
        DoubleVector s1 = half.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = k.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2).blend(0.0, under);
    }

    /** {@link Elementary#log1p} for arguments in [0, 1] (or NaN). */
    static DoubleVector log1p(DoubleVector x) {
        DoubleVector small = series(x);
        DoubleVector u = x.add(1.0);
        // log(u) as Elementary.log takes it: u in (√2, 2] halves with k = 1; u ≤ √2 (rounding just above the
        // limit) keeps k = 0
        DoubleVector logU = series(u.mul(0.5).sub(1.0)).add(Elementary.LN2_LO).add(Elementary.LN2_HI)
                .blend(series(u.sub(1.0)), u.compare(VectorOperators.LE, Elementary.SQRT2));
        DoubleVector large = logU.add(x.sub(u.sub(1.0)).div(u));
        return large.blend(small, x.compare(VectorOperators.LE, Elementary.LOG1P_SERIES_LIMIT));
    }

    private static DoubleVector series(DoubleVector f) {
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector s2 = s.mul(s);
        double[] c = Elementary.ATANH_COEFFICIENTS;
        DoubleVector p = DoubleVector.broadcast(SPECIES, c[0]);
        for (int i = 1; i < c.length; i++) {
            p = p.fma(s2, DoubleVector.broadcast(SPECIES, c[i]));
        }
        return s.mul(2.0).add(s.mul(s2).mul(p));
    }
}
