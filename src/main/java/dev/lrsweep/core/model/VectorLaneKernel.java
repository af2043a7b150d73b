package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneKernel} on the Java Vector API: lanes run across trials, and register tiles of four rows by four,
 * two or one outputs (the forward pass; the gradients' tiles are in {@link VectorLaneGradients}) reuse each load
 * several times and run four or more chains of fused multiply-adds at once. Outputs left over past the tiles of
 * four rows go one chain at a time. When the trials are not a multiple of the lane count, the last vector is the
 * last LANES trials, which computes a few trials again, to the same bits; fewer trials than one vector go through
 * the scalar reference. Each element is the same chain of fused multiply-adds as in {@link LaneKernel.Scalar}.
 * Written out (and generated) because C2 boxes a vector passed to a method it does not inline.
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
        int rowQuads = rows - rows % 4;
        for (int t0 = 0; t0 < trials; t0 += LANES) {
            int t = Math.min(t0, trials - LANES);
            for (int i = 0; i < rowQuads; i += 4) {
                int h = 0;
                for (; h + 4 <= m; h += 4) {
                    forward4x4(a, n, m, trials, p, w, b, z, t, i, h);
                }
                for (; h + 2 <= m; h += 2) {
                    forward4x2(a, n, m, trials, p, w, b, z, t, i, h);
                }
                for (; h < m; h++) {
                    forward4x1(a, n, m, trials, p, w, b, z, t, i, h);
                }
            }
            for (int i = rowQuads; i < rows; i++) {
                for (int h = 0; h < m; h++) {
                    forwardOne(a, n, m, trials, p, w, b, z, t, i, h);
                }
            }
        }
    }

    @Override
    public void backwardWeights(double[] a, int rows, int n, int m, int trials, double[] s, double[] g, int w,
                                int b) {
        if (trials < LANES) {
            scalar.backwardWeights(a, rows, n, m, trials, s, g, w, b);
            return;
        }
        int inQuads = n - n % 4;
        for (int t0 = 0; t0 < trials; t0 += LANES) {
            int t = Math.min(t0, trials - LANES);
            for (int j = 0; j < inQuads; j += 4) {
                int h = 0;
                for (; h + 4 <= m; h += 4) {
                    VectorLaneGradients.weights4x4(a, rows, n, m, trials, s, g, w, t, j, h);
                }
                for (; h + 2 <= m; h += 2) {
                    VectorLaneGradients.weights4x2(a, rows, n, m, trials, s, g, w, t, j, h);
                }
                for (; h < m; h++) {
                    VectorLaneGradients.weights4x1(a, rows, n, m, trials, s, g, w, t, j, h);
                }
            }
            for (int j = inQuads; j < n; j++) {
                for (int h = 0; h < m; h++) {
                    VectorLaneGradients.weightOne(a, rows, n, m, trials, s, g, w, t, j, h);
                }
            }
            VectorLaneGradients.biases(rows, m, trials, s, g, b, t);
        }
    }

    @Override
    public void backwardInputs(double[] s, int rows, int n, int m, int trials, double[] p, int w, double[] d) {
        if (trials < LANES) {
            scalar.backwardInputs(s, rows, n, m, trials, p, w, d);
            return;
        }
        int rowQuads = rows - rows % 4;
        int inQuads = n - n % 4;
        for (int t0 = 0; t0 < trials; t0 += LANES) {
            int t = Math.min(t0, trials - LANES);
            for (int i = 0; i < rowQuads; i += 4) {
                for (int j = 0; j < inQuads; j += 4) {
                    VectorLaneGradients.inputs4x4(s, n, m, trials, p, w, d, t, i, j);
                }
                for (int j = inQuads; j < n; j++) {
                    for (int q = 0; q < 4; q++) {
                        VectorLaneGradients.inputOne(s, n, m, trials, p, w, d, t, i + q, j);
                    }
                }
            }
            for (int i = rowQuads; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    VectorLaneGradients.inputOne(s, n, m, trials, p, w, d, t, i, j);
                }
            }
        }
    }

    /** Rows i … i + 3 and outputs h … h + 3 of the forward pass, for trials t … t + LANES − 1. */
    private static void forward4x4(double[] a, int n, int m, int tt, double[] p, int w, int b, double[] z, int t,
                                   int i, int h) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a0 = i * n * tt + t;
        int rowStep = n * tt;
        int wj = w + h * tt + t;
        int jStep = m * tt;
        for (int j = 0; j < n; j++, wj += jStep) {
            DoubleVector p0 = DoubleVector.fromArray(SPECIES, p, wj);
            DoubleVector p1 = DoubleVector.fromArray(SPECIES, p, wj + tt);
            DoubleVector p2 = DoubleVector.fromArray(SPECIES, p, wj + 2 * tt);
            DoubleVector p3 = DoubleVector.fromArray(SPECIES, p, wj + 3 * tt);
            int aj = a0 + j * tt;
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, aj);
            c00 = x0.fma(p0, c00);
            c01 = x0.fma(p1, c01);
            c02 = x0.fma(p2, c02);
            c03 = x0.fma(p3, c03);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, aj + rowStep);
            c10 = x1.fma(p0, c10);
            c11 = x1.fma(p1, c11);
            c12 = x1.fma(p2, c12);
            c13 = x1.fma(p3, c13);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, aj + 2 * rowStep);
            c20 = x2.fma(p0, c20);
            c21 = x2.fma(p1, c21);
            c22 = x2.fma(p2, c22);
            c23 = x2.fma(p3, c23);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, aj + 3 * rowStep);
            c30 = x3.fma(p0, c30);
            c31 = x3.fma(p1, c31);
            c32 = x3.fma(p2, c32);
            c33 = x3.fma(p3, c33);
        }
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, p, b + h * tt + t);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, p, b + (h + 1) * tt + t);
        DoubleVector b2 = DoubleVector.fromArray(SPECIES, p, b + (h + 2) * tt + t);
        DoubleVector b3 = DoubleVector.fromArray(SPECIES, p, b + (h + 3) * tt + t);
        c00.add(b0).intoArray(z, (i * m + h) * tt + t);
        c01.add(b1).intoArray(z, (i * m + h + 1) * tt + t);
        c02.add(b2).intoArray(z, (i * m + h + 2) * tt + t);
        c03.add(b3).intoArray(z, (i * m + h + 3) * tt + t);
        c10.add(b0).intoArray(z, ((i + 1) * m + h) * tt + t);
        c11.add(b1).intoArray(z, ((i + 1) * m + h + 1) * tt + t);
        c12.add(b2).intoArray(z, ((i + 1) * m + h + 2) * tt + t);
        c13.add(b3).intoArray(z, ((i + 1) * m + h + 3) * tt + t);
        c20.add(b0).intoArray(z, ((i + 2) * m + h) * tt + t);
        c21.add(b1).intoArray(z, ((i + 2) * m + h + 1) * tt + t);
        c22.add(b2).intoArray(z, ((i + 2) * m + h + 2) * tt + t);
        c23.add(b3).intoArray(z, ((i + 2) * m + h + 3) * tt + t);
        c30.add(b0).intoArray(z, ((i + 3) * m + h) * tt + t);
        c31.add(b1).intoArray(z, ((i + 3) * m + h + 1) * tt + t);
        c32.add(b2).intoArray(z, ((i + 3) * m + h + 2) * tt + t);
        c33.add(b3).intoArray(z, ((i + 3) * m + h + 3) * tt + t);
    }

    /** Rows i … i + 3 and outputs h … h + 1 of the forward pass, for trials t … t + LANES − 1. */
    private static void forward4x2(double[] a, int n, int m, int tt, double[] p, int w, int b, double[] z, int t,
                                   int i, int h) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00;
        DoubleVector c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00;
        int a0 = i * n * tt + t;
        int rowStep = n * tt;
        int wj = w + h * tt + t;
        int jStep = m * tt;
        for (int j = 0; j < n; j++, wj += jStep) {
            DoubleVector p0 = DoubleVector.fromArray(SPECIES, p, wj);
            DoubleVector p1 = DoubleVector.fromArray(SPECIES, p, wj + tt);
            int aj = a0 + j * tt;
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, aj);
            c00 = x0.fma(p0, c00);
            c01 = x0.fma(p1, c01);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, aj + rowStep);
            c10 = x1.fma(p0, c10);
            c11 = x1.fma(p1, c11);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, aj + 2 * rowStep);
            c20 = x2.fma(p0, c20);
            c21 = x2.fma(p1, c21);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, aj + 3 * rowStep);
            c30 = x3.fma(p0, c30);
            c31 = x3.fma(p1, c31);
        }
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, p, b + h * tt + t);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, p, b + (h + 1) * tt + t);
        c00.add(b0).intoArray(z, (i * m + h) * tt + t);
        c01.add(b1).intoArray(z, (i * m + h + 1) * tt + t);
        c10.add(b0).intoArray(z, ((i + 1) * m + h) * tt + t);
        c11.add(b1).intoArray(z, ((i + 1) * m + h + 1) * tt + t);
        c20.add(b0).intoArray(z, ((i + 2) * m + h) * tt + t);
        c21.add(b1).intoArray(z, ((i + 2) * m + h + 1) * tt + t);
        c30.add(b0).intoArray(z, ((i + 3) * m + h) * tt + t);
        c31.add(b1).intoArray(z, ((i + 3) * m + h + 1) * tt + t);
    }

    /** Rows i … i + 3 and outputs h … h + 0 of the forward pass, for trials t … t + LANES − 1. */
    private static void forward4x1(double[] a, int n, int m, int tt, double[] p, int w, int b, double[] z, int t,
                                   int i, int h) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = c00;
        DoubleVector c20 = c00;
        DoubleVector c30 = c00;
        int a0 = i * n * tt + t;
        int rowStep = n * tt;
        int wj = w + h * tt + t;
        int jStep = m * tt;
        for (int j = 0; j < n; j++, wj += jStep) {
            DoubleVector p0 = DoubleVector.fromArray(SPECIES, p, wj);
            int aj = a0 + j * tt;
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, aj);
            c00 = x0.fma(p0, c00);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, aj + rowStep);
            c10 = x1.fma(p0, c10);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, aj + 2 * rowStep);
            c20 = x2.fma(p0, c20);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, aj + 3 * rowStep);
            c30 = x3.fma(p0, c30);
        }
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, p, b + h * tt + t);
        c00.add(b0).intoArray(z, (i * m + h) * tt + t);
        c10.add(b0).intoArray(z, ((i + 1) * m + h) * tt + t);
        c20.add(b0).intoArray(z, ((i + 2) * m + h) * tt + t);
        c30.add(b0).intoArray(z, ((i + 3) * m + h) * tt + t);
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
}
