package dev.lrsweep.core.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ColumnSums} on the Java Vector API: one lane per trial, each lane the same sequence of operations as
 * {@link ColumnSums.Scalar}; trials left over after the last full vector go through the scalar code. Each
 * method is written out whole, as C2 on JDK 17 compiles vector code only where it inlines all of it.
 */
final class VectorColumnSums implements ColumnSums {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    @Override
    public void norms(double[] g, int width, double[] out) {
        int n = g.length / width;
        int t = 0;
        for (; t + LANES <= width; t += LANES) {
            DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                int at = i * width + t;
                DoubleVector g0 = DoubleVector.fromArray(SPECIES, g, at);
                DoubleVector g1 = DoubleVector.fromArray(SPECIES, g, at + width);
                DoubleVector g2 = DoubleVector.fromArray(SPECIES, g, at + 2 * width);
                DoubleVector g3 = DoubleVector.fromArray(SPECIES, g, at + 3 * width);
                s0 = g0.fma(g0, s0);
                s1 = g1.fma(g1, s1);
                s2 = g2.fma(g2, s2);
                s3 = g3.fma(g3, s3);
            }
            for (; i < n; i++) {
                DoubleVector g0 = DoubleVector.fromArray(SPECIES, g, i * width + t);
                s0 = g0.fma(g0, s0);
            }
            s0.add(s1).add(s2.add(s3)).sqrt().intoArray(out, t);
        }
        ColumnSums.Scalar.columnNorms(g, width, t, out);
    }

    @Override
    public void updateSums(double[] params, double[] before, double[] last, int width, double[] sums) {
        int n = params.length / width;
        int t = 0;
        for (; t + LANES <= width; t += LANES) {
            DoubleVector dot0 = DoubleVector.zero(SPECIES), dot1 = dot0, now0 = dot0, now1 = dot0;
            DoubleVector last0 = dot0, last1 = dot0, par0 = dot0, par1 = dot0, nonFinite = dot0;
            int i = 0;
            for (; i + 2 <= n; i += 2) {
                int a = i * width + t;
                int b = a + width;
                DoubleVector p0 = DoubleVector.fromArray(SPECIES, params, a);
                DoubleVector p1 = DoubleVector.fromArray(SPECIES, params, b);
                DoubleVector u0 = p0.sub(DoubleVector.fromArray(SPECIES, before, a));
                DoubleVector u1 = p1.sub(DoubleVector.fromArray(SPECIES, before, b));
                DoubleVector l0 = DoubleVector.fromArray(SPECIES, last, a);
                DoubleVector l1 = DoubleVector.fromArray(SPECIES, last, b);
                nonFinite = nonFinite.add(p0.sub(p0).add(p1.sub(p1)));
                dot0 = u0.fma(l0, dot0);
                dot1 = u1.fma(l1, dot1);
                now0 = u0.fma(u0, now0);
                now1 = u1.fma(u1, now1);
                last0 = l0.fma(l0, last0);
                last1 = l1.fma(l1, last1);
                par0 = p0.fma(p0, par0);
                par1 = p1.fma(p1, par1);
                u0.intoArray(last, a);
                u1.intoArray(last, b);
            }
            if (i < n) {
                int a = i * width + t;
                DoubleVector p = DoubleVector.fromArray(SPECIES, params, a);
                DoubleVector u = p.sub(DoubleVector.fromArray(SPECIES, before, a));
                DoubleVector l = DoubleVector.fromArray(SPECIES, last, a);
                nonFinite = nonFinite.add(p.sub(p));
                dot0 = u.fma(l, dot0);
                now0 = u.fma(u, now0);
                last0 = l.fma(l, last0);
                par0 = p.fma(p, par0);
                u.intoArray(last, a);
            }
            dot0.add(dot1).intoArray(sums, t);
            now0.add(now1).intoArray(sums, width + t);
            last0.add(last1).intoArray(sums, 2 * width + t);
            par0.add(par1).intoArray(sums, 3 * width + t);
            nonFinite.intoArray(sums, 4 * width + t);
        }
        ColumnSums.Scalar.columnUpdateSums(params, before, last, width, t, sums);
    }
}
