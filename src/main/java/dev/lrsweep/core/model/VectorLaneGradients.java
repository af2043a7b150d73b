package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link VectorLaneKernel}'s two gradient products, lanes across trials: the weights'
 * gradient by four inputs × four, two or one outputs (a chain over the rows each), the input slopes by four rows ×
 * four inputs (a chain over the outputs each), and single chains for what is left over. Each element is the same
 * chain of fused multiply-adds (the biases' plain additions) as in {@link LaneKernel.Scalar}.
 */
final class VectorLaneGradients {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorLaneGradients() {
    }

    /** Inputs j … j + 3 and outputs h … h + 3 of the weights' gradient, for trials t … t + LANES − 1. */
    static void weights4x4(double[] a, int rows, int n, int m, int tt, double[] s, double[] g, int w, int t,
                            int j, int h) {
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
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, ai);
            c00 = x0.fma(s0, c00);
            c01 = x0.fma(s1, c01);
            c02 = x0.fma(s2, c02);
            c03 = x0.fma(s3, c03);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, ai + tt);
            c10 = x1.fma(s0, c10);
            c11 = x1.fma(s1, c11);
            c12 = x1.fma(s2, c12);
            c13 = x1.fma(s3, c13);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, ai + 2 * tt);
            c20 = x2.fma(s0, c20);
            c21 = x2.fma(s1, c21);
            c22 = x2.fma(s2, c22);
            c23 = x2.fma(s3, c23);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, ai + 3 * tt);
            c30 = x3.fma(s0, c30);
            c31 = x3.fma(s1, c31);
            c32 = x3.fma(s2, c32);
            c33 = x3.fma(s3, c33);
        }
        c00.intoArray(g, w + (j * m + h) * tt + t);
        c01.intoArray(g, w + (j * m + h + 1) * tt + t);
        c02.intoArray(g, w + (j * m + h + 2) * tt + t);
        c03.intoArray(g, w + (j * m + h + 3) * tt + t);
        c10.intoArray(g, w + ((j + 1) * m + h) * tt + t);
        c11.intoArray(g, w + ((j + 1) * m + h + 1) * tt + t);
        c12.intoArray(g, w + ((j + 1) * m + h + 2) * tt + t);
        c13.intoArray(g, w + ((j + 1) * m + h + 3) * tt + t);
        c20.intoArray(g, w + ((j + 2) * m + h) * tt + t);
        c21.intoArray(g, w + ((j + 2) * m + h + 1) * tt + t);
        c22.intoArray(g, w + ((j + 2) * m + h + 2) * tt + t);
        c23.intoArray(g, w + ((j + 2) * m + h + 3) * tt + t);
        c30.intoArray(g, w + ((j + 3) * m + h) * tt + t);
        c31.intoArray(g, w + ((j + 3) * m + h + 1) * tt + t);
        c32.intoArray(g, w + ((j + 3) * m + h + 2) * tt + t);
        c33.intoArray(g, w + ((j + 3) * m + h + 3) * tt + t);
    }

    /** Inputs j … j + 3 and outputs h … h + 1 of the weights' gradient, for trials t … t + LANES − 1. */
    static void weights4x2(double[] a, int rows, int n, int m, int tt, double[] s, double[] g, int w, int t,
                            int j, int h) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00;
        DoubleVector c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00;
        for (int i = 0; i < rows; i++) {
            int si = (i * m + h) * tt + t;
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, s, si);
            DoubleVector s1 = DoubleVector.fromArray(SPECIES, s, si + tt);
            int ai = (i * n + j) * tt + t;
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, ai);
            c00 = x0.fma(s0, c00);
            c01 = x0.fma(s1, c01);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, ai + tt);
            c10 = x1.fma(s0, c10);
            c11 = x1.fma(s1, c11);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, ai + 2 * tt);
            c20 = x2.fma(s0, c20);
            c21 = x2.fma(s1, c21);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, ai + 3 * tt);
            c30 = x3.fma(s0, c30);
            c31 = x3.fma(s1, c31);
        }
        c00.intoArray(g, w + (j * m + h) * tt + t);
        c01.intoArray(g, w + (j * m + h + 1) * tt + t);
        c10.intoArray(g, w + ((j + 1) * m + h) * tt + t);
        c11.intoArray(g, w + ((j + 1) * m + h + 1) * tt + t);
        c20.intoArray(g, w + ((j + 2) * m + h) * tt + t);
        c21.intoArray(g, w + ((j + 2) * m + h + 1) * tt + t);
        c30.intoArray(g, w + ((j + 3) * m + h) * tt + t);
        c31.intoArray(g, w + ((j + 3) * m + h + 1) * tt + t);
    }

    /** Inputs j … j + 3 and outputs h … h + 0 of the weights' gradient, for trials t … t + LANES − 1. */
    static void weights4x1(double[] a, int rows, int n, int m, int tt, double[] s, double[] g, int w, int t,
                            int j, int h) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = c00;
        DoubleVector c20 = c00;
        DoubleVector c30 = c00;
        for (int i = 0; i < rows; i++) {
            int si = (i * m + h) * tt + t;
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, s, si);
            int ai = (i * n + j) * tt + t;
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, ai);
            c00 = x0.fma(s0, c00);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, ai + tt);
            c10 = x1.fma(s0, c10);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, ai + 2 * tt);
            c20 = x2.fma(s0, c20);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, ai + 3 * tt);
            c30 = x3.fma(s0, c30);
        }
        c00.intoArray(g, w + (j * m + h) * tt + t);
        c10.intoArray(g, w + ((j + 1) * m + h) * tt + t);
        c20.intoArray(g, w + ((j + 2) * m + h) * tt + t);
        c30.intoArray(g, w + ((j + 3) * m + h) * tt + t);
    }

    /** Rows i … i + 3 and inputs j … j + 3 of the input slopes, for trials t … t + LANES − 1. */
    static void inputs4x4(double[] s, int n, int m, int tt, double[] p, int w, double[] d, int t, int i, int j) {
        DoubleVector c00 = DoubleVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int wj = w + j * m * tt + t;
        int si = i * m * tt + t;
        int inputStep = m * tt;
        for (int h = 0; h < m; h++) {
            int wh = wj + h * tt;
            DoubleVector p0 = DoubleVector.fromArray(SPECIES, p, wh);
            DoubleVector p1 = DoubleVector.fromArray(SPECIES, p, wh + inputStep);
            DoubleVector p2 = DoubleVector.fromArray(SPECIES, p, wh + 2 * inputStep);
            DoubleVector p3 = DoubleVector.fromArray(SPECIES, p, wh + 3 * inputStep);
            int sh = si + h * tt;
            DoubleVector x = DoubleVector.fromArray(SPECIES, s, sh);
            c00 = p0.fma(x, c00);
            c01 = p1.fma(x, c01);
            c02 = p2.fma(x, c02);
            c03 = p3.fma(x, c03);
            x = DoubleVector.fromArray(SPECIES, s, sh + inputStep);
            c10 = p0.fma(x, c10);
            c11 = p1.fma(x, c11);
            c12 = p2.fma(x, c12);
            c13 = p3.fma(x, c13);
            x = DoubleVector.fromArray(SPECIES, s, sh + 2 * inputStep);
            c20 = p0.fma(x, c20);
            c21 = p1.fma(x, c21);
            c22 = p2.fma(x, c22);
            c23 = p3.fma(x, c23);
            x = DoubleVector.fromArray(SPECIES, s, sh + 3 * inputStep);
            c30 = p0.fma(x, c30);
            c31 = p1.fma(x, c31);
            c32 = p2.fma(x, c32);
            c33 = p3.fma(x, c33);
        }
        c00.intoArray(d, (i * n + j) * tt + t);
        c01.intoArray(d, (i * n + j + 1) * tt + t);
        c02.intoArray(d, (i * n + j + 2) * tt + t);
        c03.intoArray(d, (i * n + j + 3) * tt + t);
        c10.intoArray(d, ((i + 1) * n + j) * tt + t);
        c11.intoArray(d, ((i + 1) * n + j + 1) * tt + t);
        c12.intoArray(d, ((i + 1) * n + j + 2) * tt + t);
        c13.intoArray(d, ((i + 1) * n + j + 3) * tt + t);
        c20.intoArray(d, ((i + 2) * n + j) * tt + t);
        c21.intoArray(d, ((i + 2) * n + j + 1) * tt + t);
        c22.intoArray(d, ((i + 2) * n + j + 2) * tt + t);
        c23.intoArray(d, ((i + 2) * n + j + 3) * tt + t);
        c30.intoArray(d, ((i + 3) * n + j) * tt + t);
        c31.intoArray(d, ((i + 3) * n + j + 1) * tt + t);
        c32.intoArray(d, ((i + 3) * n + j + 2) * tt + t);
        c33.intoArray(d, ((i + 3) * n + j + 3) * tt + t);
    }

    /** One weight's gradient for trials t … t + LANES − 1. */
    static void weightOne(double[] a, int rows, int n, int m, int tt, double[] s, double[] g, int w, int t, int j,
                          int h) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int i = 0; i < rows; i++) {
            acc = DoubleVector.fromArray(SPECIES, a, (i * n + j) * tt + t)
                    .fma(DoubleVector.fromArray(SPECIES, s, (i * m + h) * tt + t), acc);
        }
        acc.intoArray(g, w + (j * m + h) * tt + t);
    }

    /** Every bias's gradient for trials t … t + LANES − 1: the slopes summed over the rows, in order. */
    static void biases(int rows, int m, int tt, double[] s, double[] g, int b, int t) {
        for (int h = 0; h < m; h++) {
            DoubleVector acc = DoubleVector.zero(SPECIES);
            for (int i = 0; i < rows; i++) {
                acc = acc.add(DoubleVector.fromArray(SPECIES, s, (i * m + h) * tt + t));
            }
            acc.intoArray(g, b + h * tt + t);
        }
    }

    /** One input's slope for trials t … t + LANES − 1. */
    static void inputOne(double[] s, int n, int m, int tt, double[] p, int w, double[] d, int t, int i, int j) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int h = 0; h < m; h++) {
            acc = DoubleVector.fromArray(SPECIES, p, w + (j * m + h) * tt + t)
                    .fma(DoubleVector.fromArray(SPECIES, s, (i * m + h) * tt + t), acc);
        }
        acc.intoArray(d, (i * n + j) * tt + t);
    }
}
