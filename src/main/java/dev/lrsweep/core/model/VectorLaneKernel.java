package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneKernel} on the Java Vector API: lanes run across trials, and a register tile of four by four
 * outputs (rows × outputs, inputs × outputs, rows × inputs), sixteen accumulators, reuses each of its eight loads
 * four times. Outputs left over past the tiles go one chain at a time. When the trials are not a multiple of the
 * lane count, the last vector is the last LANES trials, which computes a few trials again, to the same bits;
 * fewer trials than one vector go through the scalar reference. Each element is the same chain of fused
 * multiply-adds as in {@link LaneKernel.Scalar}.
 */
final class VectorLaneKernel implements LaneKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private final LaneKernel scalar = new LaneKernel.Scalar();

    @Override
    public void forward(double[] a, int rows, int n, int m, int trials, double[] p, int w, int b, double[] z) {
        if (trials < LANES) {
            scalar.forward(a, rows, n, m, trials, p, w, b, z);
            return;
        }
        for (int t0 = 0; t0 < trials; t0 += LANES) {
            forwardLanes(a, rows, n, m, trials, p, w, b, z, Math.min(t0, trials - LANES));
        }
    }

    @Override
    public void backwardWeights(double[] a, int rows, int n, int m, int trials, double[] s, double[] g, int w,
                                int b) {
        if (trials < LANES) {
            scalar.backwardWeights(a, rows, n, m, trials, s, g, w, b);
            return;
        }
        for (int t0 = 0; t0 < trials; t0 += LANES) {
            int t = Math.min(t0, trials - LANES);
            weightLanes(a, rows, n, m, trials, s, g, w, t);
            for (int h = 0; h < m; h++) {
                DoubleVector acc = DoubleVector.zero(SPECIES);
                for (int i = 0; i < rows; i++) {
                    acc = acc.add(DoubleVector.fromArray(SPECIES, s, (i * m + h) * trials + t));
                }
                acc.intoArray(g, b + h * trials + t);
            }
        }
    }

    @Override
    public void backwardInputs(double[] s, int rows, int n, int m, int trials, double[] p, int w, double[] d) {
        if (trials < LANES) {
            scalar.backwardInputs(s, rows, n, m, trials, p, w, d);
            return;
        }
        for (int t0 = 0; t0 < trials; t0 += LANES) {
            inputLanes(s, rows, n, m, trials, p, w, d, Math.min(t0, trials - LANES));
        }
    }

    /** The forward pass of trials t … t + LANES − 1: rows by four, outputs by four. */
    private static void forwardLanes(double[] a, int rows, int n, int m, int tt, double[] p, int w, int b,
                                     double[] z, int t) {
        int rowQuads = rows - rows % 4;
        int outQuads = m - m % 4;
        int jStep = m * tt;
        for (int i = 0; i < rowQuads; i += 4) {
            int a0 = i * n * tt + t;
            int a1 = a0 + n * tt;
            int a2 = a1 + n * tt;
            int a3 = a2 + n * tt;
            for (int h = 0; h < outQuads; h += 4) {
            DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
            DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
            DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
            DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
                int wj = w + h * tt + t;
                for (int j = 0; j < n; j++, wj += jStep) {
                    DoubleVector p0 = DoubleVector.fromArray(SPECIES, p, wj);
                    DoubleVector p1 = DoubleVector.fromArray(SPECIES, p, wj + tt);
                    DoubleVector p2 = DoubleVector.fromArray(SPECIES, p, wj + 2 * tt);
                    DoubleVector p3 = DoubleVector.fromArray(SPECIES, p, wj + 3 * tt);
                    int aj = j * tt;
                    DoubleVector x = DoubleVector.fromArray(SPECIES, a, a0 + aj);
                    c00 = x.fma(p0, c00);
                    c01 = x.fma(p1, c01);
                    c02 = x.fma(p2, c02);
                    c03 = x.fma(p3, c03);
                    x = DoubleVector.fromArray(SPECIES, a, a1 + aj);
                    c10 = x.fma(p0, c10);
                    c11 = x.fma(p1, c11);
                    c12 = x.fma(p2, c12);
                    c13 = x.fma(p3, c13);
                    x = DoubleVector.fromArray(SPECIES, a, a2 + aj);
                    c20 = x.fma(p0, c20);
                    c21 = x.fma(p1, c21);
                    c22 = x.fma(p2, c22);
                    c23 = x.fma(p3, c23);
                    x = DoubleVector.fromArray(SPECIES, a, a3 + aj);
                    c30 = x.fma(p0, c30);
                    c31 = x.fma(p1, c31);
                    c32 = x.fma(p2, c32);
                    c33 = x.fma(p3, c33);
                }
                DoubleVector b0 = DoubleVector.fromArray(SPECIES, p, b + h * tt + t);
                DoubleVector b1 = DoubleVector.fromArray(SPECIES, p, b + (h + 1) * tt + t);
                DoubleVector b2 = DoubleVector.fromArray(SPECIES, p, b + (h + 2) * tt + t);
                DoubleVector b3 = DoubleVector.fromArray(SPECIES, p, b + (h + 3) * tt + t);
                c00.add(b0).intoArray(z, ((i + 0) * m + h + 0) * tt + t);
                c01.add(b1).intoArray(z, ((i + 0) * m + h + 1) * tt + t);
                c02.add(b2).intoArray(z, ((i + 0) * m + h + 2) * tt + t);
                c03.add(b3).intoArray(z, ((i + 0) * m + h + 3) * tt + t);
                c10.add(b0).intoArray(z, ((i + 1) * m + h + 0) * tt + t);
                c11.add(b1).intoArray(z, ((i + 1) * m + h + 1) * tt + t);
                c12.add(b2).intoArray(z, ((i + 1) * m + h + 2) * tt + t);
                c13.add(b3).intoArray(z, ((i + 1) * m + h + 3) * tt + t);
                c20.add(b0).intoArray(z, ((i + 2) * m + h + 0) * tt + t);
                c21.add(b1).intoArray(z, ((i + 2) * m + h + 1) * tt + t);
                c22.add(b2).intoArray(z, ((i + 2) * m + h + 2) * tt + t);
                c23.add(b3).intoArray(z, ((i + 2) * m + h + 3) * tt + t);
                c30.add(b0).intoArray(z, ((i + 3) * m + h + 0) * tt + t);
                c31.add(b1).intoArray(z, ((i + 3) * m + h + 1) * tt + t);
                c32.add(b2).intoArray(z, ((i + 3) * m + h + 2) * tt + t);
                c33.add(b3).intoArray(z, ((i + 3) * m + h + 3) * tt + t);
            }
            for (int h = outQuads; h < m; h++) {
                for (int r = 0; r < 4; r++) {
                    forwardOne(a, n, m, tt, p, w, b, z, t, i + r, h);
                }
            }
        }
        for (int i = rowQuads; i < rows; i++) {
            for (int h = 0; h < m; h++) {
                forwardOne(a, n, m, tt, p, w, b, z, t, i, h);
            }
        }
    }

    /** One output of the forward pass for trials t … t + LANES − 1. */
    private static void forwardOne(double[] a, int n, int m, int tt, double[] p, int w, int b, double[] z, int t,
                                   int i, int h) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int j = 0; j < n; j++) {
            acc = DoubleVector.fromArray(SPECIES, a, (i * n + j) * tt + t)
                    .fma(DoubleVector.fromArray(SPECIES, p, w + (j * m + h) * tt + t), acc);
        }
        acc.add(DoubleVector.fromArray(SPECIES, p, b + h * tt + t)).intoArray(z, (i * m + h) * tt + t);
    }

    /** The weight gradients of trials t … t + LANES − 1: inputs by four, outputs by four. */
    private static void weightLanes(double[] a, int rows, int n, int m, int tt, double[] s, double[] g, int w,
                                    int t) {
        int inQuads = n - n % 4;
        int outQuads = m - m % 4;
        for (int j = 0; j < inQuads; j += 4) {
            for (int h = 0; h < outQuads; h += 4) {
            DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
            DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
            DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
            DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
                for (int i = 0; i < rows; i++) {
                    int si = (i * m + h) * tt + t;
                    DoubleVector s0 = DoubleVector.fromArray(SPECIES, s, si);
                    DoubleVector s1 = DoubleVector.fromArray(SPECIES, s, si + tt);
                    DoubleVector s2 = DoubleVector.fromArray(SPECIES, s, si + 2 * tt);
                    DoubleVector s3 = DoubleVector.fromArray(SPECIES, s, si + 3 * tt);
                    int ai = (i * n + j) * tt + t;
                    DoubleVector x = DoubleVector.fromArray(SPECIES, a, ai);
                    c00 = x.fma(s0, c00);
                    c01 = x.fma(s1, c01);
                    c02 = x.fma(s2, c02);
                    c03 = x.fma(s3, c03);
                    x = DoubleVector.fromArray(SPECIES, a, ai + tt);
                    c10 = x.fma(s0, c10);
                    c11 = x.fma(s1, c11);
                    c12 = x.fma(s2, c12);
                    c13 = x.fma(s3, c13);
                    x = DoubleVector.fromArray(SPECIES, a, ai + 2 * tt);
                    c20 = x.fma(s0, c20);
                    c21 = x.fma(s1, c21);
                    c22 = x.fma(s2, c22);
                    c23 = x.fma(s3, c23);
                    x = DoubleVector.fromArray(SPECIES, a, ai + 3 * tt);
                    c30 = x.fma(s0, c30);
                    c31 = x.fma(s1, c31);
                    c32 = x.fma(s2, c32);
                    c33 = x.fma(s3, c33);
                }
                c00.intoArray(g, w + ((j + 0) * m + h + 0) * tt + t);
                c01.intoArray(g, w + ((j + 0) * m + h + 1) * tt + t);
                c02.intoArray(g, w + ((j + 0) * m + h + 2) * tt + t);
                c03.intoArray(g, w + ((j + 0) * m + h + 3) * tt + t);
                c10.intoArray(g, w + ((j + 1) * m + h + 0) * tt + t);
                c11.intoArray(g, w + ((j + 1) * m + h + 1) * tt + t);
                c12.intoArray(g, w + ((j + 1) * m + h + 2) * tt + t);
                c13.intoArray(g, w + ((j + 1) * m + h + 3) * tt + t);
                c20.intoArray(g, w + ((j + 2) * m + h + 0) * tt + t);
                c21.intoArray(g, w + ((j + 2) * m + h + 1) * tt + t);
                c22.intoArray(g, w + ((j + 2) * m + h + 2) * tt + t);
                c23.intoArray(g, w + ((j + 2) * m + h + 3) * tt + t);
                c30.intoArray(g, w + ((j + 3) * m + h + 0) * tt + t);
                c31.intoArray(g, w + ((j + 3) * m + h + 1) * tt + t);
                c32.intoArray(g, w + ((j + 3) * m + h + 2) * tt + t);
                c33.intoArray(g, w + ((j + 3) * m + h + 3) * tt + t);
            }
            for (int h = outQuads; h < m; h++) {
                for (int r = 0; r < 4; r++) {
                    weightOne(a, rows, n, m, tt, s, g, w, t, j + r, h);
                }
            }
        }
        for (int j = inQuads; j < n; j++) {
            for (int h = 0; h < m; h++) {
                weightOne(a, rows, n, m, tt, s, g, w, t, j, h);
            }
        }
    }

    /** One weight's gradient for trials t … t + LANES − 1. */
    private static void weightOne(double[] a, int rows, int n, int m, int tt, double[] s, double[] g, int w, int t,
                                  int j, int h) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int i = 0; i < rows; i++) {
            acc = DoubleVector.fromArray(SPECIES, a, (i * n + j) * tt + t)
                    .fma(DoubleVector.fromArray(SPECIES, s, (i * m + h) * tt + t), acc);
        }
        acc.intoArray(g, w + (j * m + h) * tt + t);
    }

    /** The input slopes of trials t … t + LANES − 1: rows by four, inputs by four. */
    private static void inputLanes(double[] s, int rows, int n, int m, int tt, double[] p, int w, double[] d,
                                   int t) {
        int rowQuads = rows - rows % 4;
        int inQuads = n - n % 4;
        for (int i = 0; i < rowQuads; i += 4) {
            for (int j = 0; j < inQuads; j += 4) {
            DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
            DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
            DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
            DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
                int wj = w + j * m * tt + t;
                int si = i * m * tt + t;
                for (int h = 0; h < m; h++) {
                    int wh = wj + h * tt;
                    DoubleVector p0 = DoubleVector.fromArray(SPECIES, p, wh);
                    DoubleVector p1 = DoubleVector.fromArray(SPECIES, p, wh + m * tt);
                    DoubleVector p2 = DoubleVector.fromArray(SPECIES, p, wh + 2 * m * tt);
                    DoubleVector p3 = DoubleVector.fromArray(SPECIES, p, wh + 3 * m * tt);
                    int sh = si + h * tt;
                    DoubleVector x = DoubleVector.fromArray(SPECIES, s, sh);
                    c00 = p0.fma(x, c00);
                    c01 = p1.fma(x, c01);
                    c02 = p2.fma(x, c02);
                    c03 = p3.fma(x, c03);
                    x = DoubleVector.fromArray(SPECIES, s, sh + 1 * m * tt);
                    c10 = p0.fma(x, c10);
                    c11 = p1.fma(x, c11);
                    c12 = p2.fma(x, c12);
                    c13 = p3.fma(x, c13);
                    x = DoubleVector.fromArray(SPECIES, s, sh + 2 * m * tt);
                    c20 = p0.fma(x, c20);
                    c21 = p1.fma(x, c21);
                    c22 = p2.fma(x, c22);
                    c23 = p3.fma(x, c23);
                    x = DoubleVector.fromArray(SPECIES, s, sh + 3 * m * tt);
                    c30 = p0.fma(x, c30);
                    c31 = p1.fma(x, c31);
                    c32 = p2.fma(x, c32);
                    c33 = p3.fma(x, c33);
                }
                c00.intoArray(d, ((i + 0) * n + j + 0) * tt + t);
                c01.intoArray(d, ((i + 0) * n + j + 1) * tt + t);
                c02.intoArray(d, ((i + 0) * n + j + 2) * tt + t);
                c03.intoArray(d, ((i + 0) * n + j + 3) * tt + t);
                c10.intoArray(d, ((i + 1) * n + j + 0) * tt + t);
                c11.intoArray(d, ((i + 1) * n + j + 1) * tt + t);
                c12.intoArray(d, ((i + 1) * n + j + 2) * tt + t);
                c13.intoArray(d, ((i + 1) * n + j + 3) * tt + t);
                c20.intoArray(d, ((i + 2) * n + j + 0) * tt + t);
                c21.intoArray(d, ((i + 2) * n + j + 1) * tt + t);
                c22.intoArray(d, ((i + 2) * n + j + 2) * tt + t);
                c23.intoArray(d, ((i + 2) * n + j + 3) * tt + t);
                c30.intoArray(d, ((i + 3) * n + j + 0) * tt + t);
                c31.intoArray(d, ((i + 3) * n + j + 1) * tt + t);
                c32.intoArray(d, ((i + 3) * n + j + 2) * tt + t);
                c33.intoArray(d, ((i + 3) * n + j + 3) * tt + t);
            }
            for (int j = inQuads; j < n; j++) {
                for (int q = 0; q < 4; q++) {
                    inputOne(s, n, m, tt, p, w, d, t, i + q, j);
                }
            }
        }
        for (int i = rowQuads; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                inputOne(s, n, m, tt, p, w, d, t, i, j);
            }
        }
    }

    /** One input's slope for trials t … t + LANES − 1. */
    private static void inputOne(double[] s, int n, int m, int tt, double[] p, int w, double[] d, int t, int i,
                                 int j) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int h = 0; h < m; h++) {
            acc = DoubleVector.fromArray(SPECIES, p, w + (j * m + h) * tt + t)
                    .fma(DoubleVector.fromArray(SPECIES, s, (i * m + h) * tt + t), acc);
        }
        acc.intoArray(d, (i * n + j) * tt + t);
    }
}
