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
    private static final VectorSpecies<Long> LONG_SPECIES = LongVector.SPECIES_PREFERRED;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(Elementary.ROUNDER);

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
     * One vector of trials: {@link Elementary#exp} of −|z| (its argument is ≤ 0, so only underflow needs care)
     * and {@link Elementary#log1p} of that (its argument is in [0, 1]), operation for operation. Everything is
     * written out in this one method on purpose: C2 intrinsifies a vector operation only where it inlines the
     * whole chain, and it refuses to inline a callee that is already compiled into a large method, after which
     * the operations run in the Vector API's slow Java fallback (10× slower here).
     */
    private static void rows(double[] z, int at, double y, double scale, double[] s, double[] losses, int t) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
        DoubleVector zv = DoubleVector.fromArray(SPECIES, z, at);
        // e = exp(x), x = −|z|
        DoubleVector x = zv.abs().neg();
        VectorMask<Double> under = x.compare(VectorOperators.LT, Elementary.EXP_UNDERFLOW);
        DoubleVector rounded = x.mul(Elementary.LOG2_E).add(Elementary.ROUNDER);
        DoubleVector n = rounded.sub(Elementary.ROUNDER);
        DoubleVector r = n.neg().fma(DoubleVector.broadcast(SPECIES, Elementary.LN2_HI), x);
        r = n.neg().fma(DoubleVector.broadcast(SPECIES, Elementary.LN2_LO), r);
        double[] c = Elementary.INVERSE_FACTORIALS;
        DoubleVector p = DoubleVector.broadcast(SPECIES, c[0]).fma(r, DoubleVector.broadcast(SPECIES, c[1]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[2]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[3]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[4]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[5]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[6]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[7]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[8]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[9]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[10]));
        p = p.fma(r, DoubleVector.broadcast(SPECIES, c[11]));
        p = p.fma(r, one);
        p = p.fma(r, one);
        // n as a whole number: 1.5·2⁵² + n holds 2⁵¹ + n in its mantissa bits; 2ⁿ in two normal factors
        LongVector k = ((LongVector) rounded.convertShape(VectorOperators.REINTERPRET_D2L, LONG_SPECIES, 0))
                .sub(ROUNDER_BITS);
        LongVector half = k.lanewise(VectorOperators.ASHR, 1);
        DoubleVector s1 = (DoubleVector) half.add(1023).lanewise(VectorOperators.LSHL, 52)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        DoubleVector s2 = (DoubleVector) k.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52)
                .convertShape(VectorOperators.REINTERPRET_L2D, SPECIES, 0);
        DoubleVector e = p.mul(s1).mul(s2).blend(0.0, under);

        // the slope: 1/(1 + e) where z ≥ 0, else e/(1 + e), as one division of the chosen numerator
        DoubleVector onePlus = e.add(one);
        DoubleVector sigmoid = e.blend(one, zv.compare(VectorOperators.GE, 0.0)).div(onePlus);
        sigmoid.sub(y).mul(scale).intoArray(s, at);

        // log1p(e) as Elementary.log1p takes it: the series at e itself where e is small; elsewhere log(u) +
        // (e − (u − 1))/u with u = 1 + e, where log(u) is the series at u/2 − 1 plus log 2 when u > √2, else the
        // series at u − 1. Each lane's series argument is chosen first, so the series (and its division) runs once.
        DoubleVector u = e.add(one);
        VectorMask<Double> small = e.compare(VectorOperators.LE, Elementary.LOG1P_SERIES_LIMIT);
        VectorMask<Double> kept = u.compare(VectorOperators.LE, Elementary.SQRT2);
        DoubleVector f = u.mul(0.5).sub(one).blend(u.sub(one), kept).blend(e, small);
        DoubleVector q = f.div(f.add(two));
        DoubleVector w = q.mul(q);
        double[] a = Elementary.ATANH_COEFFICIENTS;
        DoubleVector p2 = DoubleVector.broadcast(SPECIES, a[0]).fma(w, DoubleVector.broadcast(SPECIES, a[1]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[2]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[3]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[4]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[5]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[6]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[7]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[8]));
        p2 = p2.fma(w, DoubleVector.broadcast(SPECIES, a[9]));
        DoubleVector series = q.mul(2.0).add(q.mul(w).mul(p2));
        DoubleVector logU = series.add(Elementary.LN2_LO).add(Elementary.LN2_HI).blend(series, kept);
        DoubleVector log1p = logU.add(e.sub(u.sub(one)).div(u)).blend(series, small);

        DoubleVector loss = zv.max(0.0).sub(zv.mul(y)).add(log1p);
        DoubleVector.fromArray(SPECIES, losses, t).add(loss).intoArray(losses, t);
    }
}
