package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorDenseKernel}'s widest register tile: six rows (forward) or six features (gradient) by four
 * vectors, 24 accumulators, which reuses each of its ten loads for 2.4 fused multiply-adds where the tile of four by
 * four reuses its eight for 2. On this project's test machine (AVX-512, 32 vector registers) it ran the forward
 * product of a perceptron's first-layer panel (120 rows × 784 features × 128 columns) at 69–77 GFLOP/s per core
 * against 52–55 for four rows (and 55–70 for eight, which spills). Each output element is the same chain of fused
 * multiply-adds in index order as in {@link ScalarDenseKernel}, so the bits are the kernel's.
 */
final class WideTiles {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** The rows or features of a tile. */
    static final int HEIGHT = 6;

    private WideTiles() {
    }

    /** Rows 0 … rows − 1 (a multiple of {@value #HEIGHT}) of columns c … c + 4·LANES − 1 of the forward. */
    static void forward(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z, int c) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bo + c);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bo + c + LANES);
        DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bo + c + 2 * LANES);
        DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bo + c + 3 * LANES);
        for (int i = 0; i < rows; i += HEIGHT) {
            DoubleVector a00 = DoubleVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00;
            DoubleVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            DoubleVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            DoubleVector a40 = a00, a41 = a00, a42 = a00, a43 = a00;
            DoubleVector a50 = a00, a51 = a00, a52 = a00, a53 = a00;
            int x0 = i * d;
            int x1 = x0 + d;
            int x2 = x0 + 2 * d;
            int x3 = x0 + 3 * d;
            int x4 = x0 + 4 * d;
            int x5 = x0 + 5 * d;
            for (int j = 0; j < d; j++) {
                int wj = j * k + c;
                DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, wj);
                DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, wj + LANES);
                DoubleVector w2 = DoubleVector.fromArray(SPECIES, w, wj + 2 * LANES);
                DoubleVector w3 = DoubleVector.fromArray(SPECIES, w, wj + 3 * LANES);
                DoubleVector v0 = DoubleVector.broadcast(SPECIES, x[x0 + j]);
                a00 = v0.fma(w0, a00);
                a01 = v0.fma(w1, a01);
                a02 = v0.fma(w2, a02);
                a03 = v0.fma(w3, a03);
                DoubleVector v1 = DoubleVector.broadcast(SPECIES, x[x1 + j]);
                a10 = v1.fma(w0, a10);
                a11 = v1.fma(w1, a11);
                a12 = v1.fma(w2, a12);
                a13 = v1.fma(w3, a13);
                DoubleVector v2 = DoubleVector.broadcast(SPECIES, x[x2 + j]);
                a20 = v2.fma(w0, a20);
                a21 = v2.fma(w1, a21);
                a22 = v2.fma(w2, a22);
                a23 = v2.fma(w3, a23);
                DoubleVector v3 = DoubleVector.broadcast(SPECIES, x[x3 + j]);
                a30 = v3.fma(w0, a30);
                a31 = v3.fma(w1, a31);
                a32 = v3.fma(w2, a32);
                a33 = v3.fma(w3, a33);
                DoubleVector v4 = DoubleVector.broadcast(SPECIES, x[x4 + j]);
                a40 = v4.fma(w0, a40);
                a41 = v4.fma(w1, a41);
                a42 = v4.fma(w2, a42);
                a43 = v4.fma(w3, a43);
                DoubleVector v5 = DoubleVector.broadcast(SPECIES, x[x5 + j]);
                a50 = v5.fma(w0, a50);
                a51 = v5.fma(w1, a51);
                a52 = v5.fma(w2, a52);
                a53 = v5.fma(w3, a53);
            }
            int zi = i * k + c;
            a00.add(b0).intoArray(z, zi);
            a01.add(b1).intoArray(z, zi + LANES);
            a02.add(b2).intoArray(z, zi + 2 * LANES);
            a03.add(b3).intoArray(z, zi + 3 * LANES);
            a10.add(b0).intoArray(z, zi + k);
            a11.add(b1).intoArray(z, zi + k + LANES);
            a12.add(b2).intoArray(z, zi + k + 2 * LANES);
            a13.add(b3).intoArray(z, zi + k + 3 * LANES);
            a20.add(b0).intoArray(z, zi + 2 * k);
            a21.add(b1).intoArray(z, zi + 2 * k + LANES);
            a22.add(b2).intoArray(z, zi + 2 * k + 2 * LANES);
            a23.add(b3).intoArray(z, zi + 2 * k + 3 * LANES);
            a30.add(b0).intoArray(z, zi + 3 * k);
            a31.add(b1).intoArray(z, zi + 3 * k + LANES);
            a32.add(b2).intoArray(z, zi + 3 * k + 2 * LANES);
            a33.add(b3).intoArray(z, zi + 3 * k + 3 * LANES);
            a40.add(b0).intoArray(z, zi + 4 * k);
            a41.add(b1).intoArray(z, zi + 4 * k + LANES);
            a42.add(b2).intoArray(z, zi + 4 * k + 2 * LANES);
            a43.add(b3).intoArray(z, zi + 4 * k + 3 * LANES);
            a50.add(b0).intoArray(z, zi + 5 * k);
            a51.add(b1).intoArray(z, zi + 5 * k + LANES);
            a52.add(b2).intoArray(z, zi + 5 * k + 2 * LANES);
            a53.add(b3).intoArray(z, zi + 5 * k + 3 * LANES);
        }
    }

    /**
     * Features 0 … features − 1 (a multiple of {@value #HEIGHT}) of columns c … c + 4·LANES − 1 of the
     * weights' gradient.
     */
    static void backward(double[] x, int rows, int d, int features, double[] s, int k, double[] g, int c) {
        for (int j = 0; j < features; j += HEIGHT) {
            DoubleVector a00 = DoubleVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00;
            DoubleVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            DoubleVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            DoubleVector a40 = a00, a41 = a00, a42 = a00, a43 = a00;
            DoubleVector a50 = a00, a51 = a00, a52 = a00, a53 = a00;
            for (int i = 0; i < rows; i++) {
                int si = i * k + c;
                DoubleVector s0 = DoubleVector.fromArray(SPECIES, s, si);
                DoubleVector s1 = DoubleVector.fromArray(SPECIES, s, si + LANES);
                DoubleVector s2 = DoubleVector.fromArray(SPECIES, s, si + 2 * LANES);
                DoubleVector s3 = DoubleVector.fromArray(SPECIES, s, si + 3 * LANES);
                int xi = i * d + j;
                DoubleVector v0 = DoubleVector.broadcast(SPECIES, x[xi]);
                a00 = v0.fma(s0, a00);
                a01 = v0.fma(s1, a01);
                a02 = v0.fma(s2, a02);
                a03 = v0.fma(s3, a03);
                DoubleVector v1 = DoubleVector.broadcast(SPECIES, x[xi + 1]);
                a10 = v1.fma(s0, a10);
                a11 = v1.fma(s1, a11);
                a12 = v1.fma(s2, a12);
                a13 = v1.fma(s3, a13);
                DoubleVector v2 = DoubleVector.broadcast(SPECIES, x[xi + 2]);
                a20 = v2.fma(s0, a20);
                a21 = v2.fma(s1, a21);
                a22 = v2.fma(s2, a22);
                a23 = v2.fma(s3, a23);
                DoubleVector v3 = DoubleVector.broadcast(SPECIES, x[xi + 3]);
                a30 = v3.fma(s0, a30);
                a31 = v3.fma(s1, a31);
                a32 = v3.fma(s2, a32);
                a33 = v3.fma(s3, a33);
                DoubleVector v4 = DoubleVector.broadcast(SPECIES, x[xi + 4]);
                a40 = v4.fma(s0, a40);
                a41 = v4.fma(s1, a41);
                a42 = v4.fma(s2, a42);
                a43 = v4.fma(s3, a43);
                DoubleVector v5 = DoubleVector.broadcast(SPECIES, x[xi + 5]);
                a50 = v5.fma(s0, a50);
                a51 = v5.fma(s1, a51);
                a52 = v5.fma(s2, a52);
                a53 = v5.fma(s3, a53);
            }
            int gj = j * k + c;
            a00.intoArray(g, gj);
            a01.intoArray(g, gj + LANES);
            a02.intoArray(g, gj + 2 * LANES);
            a03.intoArray(g, gj + 3 * LANES);
            a10.intoArray(g, gj + k);
            a11.intoArray(g, gj + k + LANES);
            a12.intoArray(g, gj + k + 2 * LANES);
            a13.intoArray(g, gj + k + 3 * LANES);
            a20.intoArray(g, gj + 2 * k);
            a21.intoArray(g, gj + 2 * k + LANES);
            a22.intoArray(g, gj + 2 * k + 2 * LANES);
            a23.intoArray(g, gj + 2 * k + 3 * LANES);
            a30.intoArray(g, gj + 3 * k);
            a31.intoArray(g, gj + 3 * k + LANES);
            a32.intoArray(g, gj + 3 * k + 2 * LANES);
            a33.intoArray(g, gj + 3 * k + 3 * LANES);
            a40.intoArray(g, gj + 4 * k);
            a41.intoArray(g, gj + 4 * k + LANES);
            a42.intoArray(g, gj + 4 * k + 2 * LANES);
            a43.intoArray(g, gj + 4 * k + 3 * LANES);
            a50.intoArray(g, gj + 5 * k);
            a51.intoArray(g, gj + 5 * k + LANES);
            a52.intoArray(g, gj + 5 * k + 2 * LANES);
            a53.intoArray(g, gj + 5 * k + 3 * LANES);
        }
    }
}
