package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link DenseKernel} on the Java Vector API: lanes run across output columns, and a register tile of six
 * rows (forward) or six features (backward) by four vectors ({@link WideTiles}), then of four by four for the rows
 * or features left over, reuses each load several times and keeps both FMA pipes busy through their latency. In cache, at d = 100 and 64 rows, it runs at 46–52 GFLOP/s
 * per core on this project's AVX-512 test machine, whose FMAs alone reach 58; a tile of two vectors ran at about
 * 40. Columns left over go through a tile of two vectors, then one vector at a time, four rows (or features) at
 * once; when K is not a multiple of the lane count, the last vector is the last LANES columns, so it computes
 * again a few columns already done, to the same bits (masked vectors are slow on JDK 17). Blocks narrower than
 * one vector go through the scalar kernel. Each output element is the same chain of fused multiply-adds as in
 * {@link ScalarDenseKernel}. Vectors are never passed to helper methods: where C2 does not inline one, it boxes
 * them, which halved the forward pass.
 */
final class VectorDenseKernel implements DenseKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private final ScalarDenseKernel scalar = new ScalarDenseKernel();

    @Override
    public String describe() {
        return "vector(" + LANES + " lanes)";
    }

    @Override
    public void forward(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z) {
        if (k < LANES) {
            scalar.forward(x, rows, d, w, b, bo, k, z);
            return;
        }
        int wide = k - k % LANES;
        int c = 0;
        int sixes = rows - rows % WideTiles.HEIGHT;
        for (; c + 4 * LANES <= wide; c += 4 * LANES) {
            WideTiles.forward(x, sixes, d, w, b, bo, k, z, c);
            forwardWideTile(x, sixes, rows, d, w, b, bo, k, z, c);
        }
        for (; c + 2 * LANES <= wide; c += 2 * LANES) {
            forwardTile(x, rows, d, w, b, bo, k, z, c);
        }
        for (; c < wide; c += LANES) {
            forwardColumns(x, rows, d, w, b, bo, k, z, c);
        }
        if (wide < k) {
            forwardColumns(x, rows, d, w, b, bo, k, z, k - LANES);
        }
    }

    /**
     * Rows from … rows − 1 of columns c … c + 4·LANES − 1 (the rows past the last tile of {@link WideTiles}), four
     * rows at a time; the rows left over go two vectors wide.
     */
    private static void forwardWideTile(double[] x, int from, int rows, int d, double[] w, double[] b, int bo, int k,
                                        double[] z, int c) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bo + c);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bo + c + LANES);
        DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bo + c + 2 * LANES);
        DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bo + c + 3 * LANES);
        int quads = from + (rows - from) / 4 * 4;
        for (int i = from; i < quads; i += 4) {
            DoubleVector a00 = DoubleVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00;
            DoubleVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            DoubleVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            int x0 = i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
            for (int j = 0; j < d; j++) {
                int wj = j * k + c;
                DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, wj);
                DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, wj + LANES);
                DoubleVector w2 = DoubleVector.fromArray(SPECIES, w, wj + 2 * LANES);
                DoubleVector w3 = DoubleVector.fromArray(SPECIES, w, wj + 3 * LANES);
                DoubleVector v = DoubleVector.broadcast(SPECIES, x[x0 + j]);
                a00 = v.fma(w0, a00);
                a01 = v.fma(w1, a01);
                a02 = v.fma(w2, a02);
                a03 = v.fma(w3, a03);
                v = DoubleVector.broadcast(SPECIES, x[x1 + j]);
                a10 = v.fma(w0, a10);
                a11 = v.fma(w1, a11);
                a12 = v.fma(w2, a12);
                a13 = v.fma(w3, a13);
                v = DoubleVector.broadcast(SPECIES, x[x2 + j]);
                a20 = v.fma(w0, a20);
                a21 = v.fma(w1, a21);
                a22 = v.fma(w2, a22);
                a23 = v.fma(w3, a23);
                v = DoubleVector.broadcast(SPECIES, x[x3 + j]);
                a30 = v.fma(w0, a30);
                a31 = v.fma(w1, a31);
                a32 = v.fma(w2, a32);
                a33 = v.fma(w3, a33);
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
        }
        if (quads < rows) {
            forwardRows(x, quads, rows, d, w, b, bo, k, z, c);
            forwardRows(x, quads, rows, d, w, b, bo, k, z, c + 2 * LANES);
        }
    }

    /** Columns c … c + 2·LANES − 1, four rows at a time. */
    private static void forwardTile(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z,
                                    int c) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bo + c);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bo + c + LANES);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            DoubleVector a00 = DoubleVector.zero(SPECIES), a01 = a00, a10 = a00, a11 = a00;
            DoubleVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            int x0 = i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
            for (int j = 0; j < d; j++) {
                DoubleVector w0 = DoubleVector.fromArray(SPECIES, w, j * k + c);
                DoubleVector w1 = DoubleVector.fromArray(SPECIES, w, j * k + c + LANES);
                DoubleVector v0 = DoubleVector.broadcast(SPECIES, x[x0 + j]);
                DoubleVector v1 = DoubleVector.broadcast(SPECIES, x[x1 + j]);
                DoubleVector v2 = DoubleVector.broadcast(SPECIES, x[x2 + j]);
                DoubleVector v3 = DoubleVector.broadcast(SPECIES, x[x3 + j]);
                a00 = v0.fma(w0, a00);
                a01 = v0.fma(w1, a01);
                a10 = v1.fma(w0, a10);
                a11 = v1.fma(w1, a11);
                a20 = v2.fma(w0, a20);
                a21 = v2.fma(w1, a21);
                a30 = v3.fma(w0, a30);
                a31 = v3.fma(w1, a31);
            }
            a00.add(b0).intoArray(z, i * k + c);
            a01.add(b1).intoArray(z, i * k + c + LANES);
            a10.add(b0).intoArray(z, (i + 1) * k + c);
            a11.add(b1).intoArray(z, (i + 1) * k + c + LANES);
            a20.add(b0).intoArray(z, (i + 2) * k + c);
            a21.add(b1).intoArray(z, (i + 2) * k + c + LANES);
            a30.add(b0).intoArray(z, (i + 3) * k + c);
            a31.add(b1).intoArray(z, (i + 3) * k + c + LANES);
        }
        forwardRows(x, i, rows, d, w, b, bo, k, z, c);
    }

    /** Rows from … rows − 1 of columns c … c + 2·LANES − 1, one row at a time. */
    private static void forwardRows(double[] x, int from, int rows, int d, double[] w, double[] b, int bo, int k,
                                    double[] z, int c) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bo + c);
        DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bo + c + LANES);
        for (int i = from; i < rows; i++) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0;
            for (int j = 0; j < d; j++) {
                DoubleVector v = DoubleVector.broadcast(SPECIES, x[i * d + j]);
                a0 = v.fma(DoubleVector.fromArray(SPECIES, w, j * k + c), a0);
                a1 = v.fma(DoubleVector.fromArray(SPECIES, w, j * k + c + LANES), a1);
            }
            a0.add(b0).intoArray(z, i * k + c);
            a1.add(b1).intoArray(z, i * k + c + LANES);
        }
    }

    /** Columns c … c + LANES − 1, four rows at a time so that four chains of FMAs overlap their latency. */
    private static void forwardColumns(double[] x, int rows, int d, double[] w, double[] b, int bo, int k,
                                       double[] z, int c) {
        DoubleVector bias = DoubleVector.fromArray(SPECIES, b, bo + c);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            int x0 = i * d;
            for (int j = 0; j < d; j++) {
                DoubleVector wj = DoubleVector.fromArray(SPECIES, w, j * k + c);
                a0 = DoubleVector.broadcast(SPECIES, x[x0 + j]).fma(wj, a0);
                a1 = DoubleVector.broadcast(SPECIES, x[x0 + d + j]).fma(wj, a1);
                a2 = DoubleVector.broadcast(SPECIES, x[x0 + 2 * d + j]).fma(wj, a2);
                a3 = DoubleVector.broadcast(SPECIES, x[x0 + 3 * d + j]).fma(wj, a3);
            }
            a0.add(bias).intoArray(z, i * k + c);
            a1.add(bias).intoArray(z, (i + 1) * k + c);
            a2.add(bias).intoArray(z, (i + 2) * k + c);
            a3.add(bias).intoArray(z, (i + 3) * k + c);
        }
        for (; i < rows; i++) {
            DoubleVector a = DoubleVector.zero(SPECIES);
            for (int j = 0; j < d; j++) {
                a = DoubleVector.broadcast(SPECIES, x[i * d + j]).fma(DoubleVector.fromArray(SPECIES, w, j * k + c), a);
            }
            a.add(bias).intoArray(z, i * k + c);
        }
    }

    @Override
    public void backward(double[] x, int rows, int d, double[] s, int k, double[] g, double[] gb, int go) {
        if (k < LANES) {
            scalar.backward(x, rows, d, s, k, g, gb, go);
            return;
        }
        int wide = k - k % LANES;
        int c = 0;
        int sixes = d - d % WideTiles.HEIGHT;
        for (; c + 4 * LANES <= wide; c += 4 * LANES) {
            WideTiles.backward(x, rows, d, sixes, s, k, g, c);
            backwardWideTile(x, rows, sixes, d, s, k, g, c);
        }
        for (; c + 2 * LANES <= wide; c += 2 * LANES) {
            backwardTile(x, rows, d, s, k, g, c);
        }
        for (; c < wide; c += LANES) {
            backwardColumns(x, rows, d, s, k, g, c);
        }
        if (wide < k) {
            backwardColumns(x, rows, d, s, k, g, k - LANES);
        }
        for (int cc = 0; cc < k; cc += LANES) {
            int from = Math.min(cc, k - LANES);
            DoubleVector a = DoubleVector.zero(SPECIES);
            for (int i = 0; i < rows; i++) {
                a = a.add(DoubleVector.fromArray(SPECIES, s, i * k + from));
            }
            a.intoArray(gb, go + from);
        }
    }

    /** Columns c … c + LANES − 1, four features at a time so that four chains of FMAs overlap their latency. */
    private static void backwardColumns(double[] x, int rows, int d, double[] s, int k, double[] g, int c) {
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            for (int i = 0; i < rows; i++) {
                DoubleVector si = DoubleVector.fromArray(SPECIES, s, i * k + c);
                int xi = i * d + j;
                a0 = DoubleVector.broadcast(SPECIES, x[xi]).fma(si, a0);
                a1 = DoubleVector.broadcast(SPECIES, x[xi + 1]).fma(si, a1);
                a2 = DoubleVector.broadcast(SPECIES, x[xi + 2]).fma(si, a2);
                a3 = DoubleVector.broadcast(SPECIES, x[xi + 3]).fma(si, a3);
            }
            a0.intoArray(g, j * k + c);
            a1.intoArray(g, (j + 1) * k + c);
            a2.intoArray(g, (j + 2) * k + c);
            a3.intoArray(g, (j + 3) * k + c);
        }
        for (; j < d; j++) {
            DoubleVector a = DoubleVector.zero(SPECIES);
            for (int i = 0; i < rows; i++) {
                a = DoubleVector.broadcast(SPECIES, x[i * d + j]).fma(DoubleVector.fromArray(SPECIES, s, i * k + c), a);
            }
            a.intoArray(g, j * k + c);
        }
    }

    /**
     * Features from … d − 1 of columns c … c + 4·LANES − 1 (those past the last tile of {@link WideTiles}), four
     * features at a time; the features left over go two vectors wide.
     */
    private static void backwardWideTile(double[] x, int rows, int from, int d, double[] s, int k, double[] g,
                                         int c) {
        int quads = from + (d - from) / 4 * 4;
        for (int j = from; j < quads; j += 4) {
            DoubleVector a00 = DoubleVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00;
            DoubleVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
            DoubleVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
            for (int i = 0; i < rows; i++) {
                int si = i * k + c;
                DoubleVector s0 = DoubleVector.fromArray(SPECIES, s, si);
                DoubleVector s1 = DoubleVector.fromArray(SPECIES, s, si + LANES);
                DoubleVector s2 = DoubleVector.fromArray(SPECIES, s, si + 2 * LANES);
                DoubleVector s3 = DoubleVector.fromArray(SPECIES, s, si + 3 * LANES);
                int xi = i * d + j;
                DoubleVector v = DoubleVector.broadcast(SPECIES, x[xi]);
                a00 = v.fma(s0, a00);
                a01 = v.fma(s1, a01);
                a02 = v.fma(s2, a02);
                a03 = v.fma(s3, a03);
                v = DoubleVector.broadcast(SPECIES, x[xi + 1]);
                a10 = v.fma(s0, a10);
                a11 = v.fma(s1, a11);
                a12 = v.fma(s2, a12);
                a13 = v.fma(s3, a13);
                v = DoubleVector.broadcast(SPECIES, x[xi + 2]);
                a20 = v.fma(s0, a20);
                a21 = v.fma(s1, a21);
                a22 = v.fma(s2, a22);
                a23 = v.fma(s3, a23);
                v = DoubleVector.broadcast(SPECIES, x[xi + 3]);
                a30 = v.fma(s0, a30);
                a31 = v.fma(s1, a31);
                a32 = v.fma(s2, a32);
                a33 = v.fma(s3, a33);
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
        }
        if (quads < d) {
            backwardFeatures(x, rows, quads, d, s, k, g, c);
            backwardFeatures(x, rows, quads, d, s, k, g, c + 2 * LANES);
        }
    }

    /** Columns c … c + 2·LANES − 1, four features at a time. */
    private static void backwardTile(double[] x, int rows, int d, double[] s, int k, double[] g, int c) {
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            DoubleVector a00 = DoubleVector.zero(SPECIES), a01 = a00, a10 = a00, a11 = a00;
            DoubleVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (int i = 0; i < rows; i++) {
                DoubleVector s0 = DoubleVector.fromArray(SPECIES, s, i * k + c);
                DoubleVector s1 = DoubleVector.fromArray(SPECIES, s, i * k + c + LANES);
                int xi = i * d + j;
                DoubleVector v0 = DoubleVector.broadcast(SPECIES, x[xi]);
                DoubleVector v1 = DoubleVector.broadcast(SPECIES, x[xi + 1]);
                DoubleVector v2 = DoubleVector.broadcast(SPECIES, x[xi + 2]);
                DoubleVector v3 = DoubleVector.broadcast(SPECIES, x[xi + 3]);
                a00 = v0.fma(s0, a00);
                a01 = v0.fma(s1, a01);
                a10 = v1.fma(s0, a10);
                a11 = v1.fma(s1, a11);
                a20 = v2.fma(s0, a20);
                a21 = v2.fma(s1, a21);
                a30 = v3.fma(s0, a30);
                a31 = v3.fma(s1, a31);
            }
            a00.intoArray(g, j * k + c);
            a01.intoArray(g, j * k + c + LANES);
            a10.intoArray(g, (j + 1) * k + c);
            a11.intoArray(g, (j + 1) * k + c + LANES);
            a20.intoArray(g, (j + 2) * k + c);
            a21.intoArray(g, (j + 2) * k + c + LANES);
            a30.intoArray(g, (j + 3) * k + c);
            a31.intoArray(g, (j + 3) * k + c + LANES);
        }
        backwardFeatures(x, rows, j, d, s, k, g, c);
    }

    /** Features from … d − 1 of columns c … c + 2·LANES − 1, one feature at a time. */
    private static void backwardFeatures(double[] x, int rows, int from, int d, double[] s, int k, double[] g, int c) {
        for (int j = from; j < d; j++) {
            DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0;
            for (int i = 0; i < rows; i++) {
                DoubleVector v = DoubleVector.broadcast(SPECIES, x[i * d + j]);
                a0 = v.fma(DoubleVector.fromArray(SPECIES, s, i * k + c), a0);
                a1 = v.fma(DoubleVector.fromArray(SPECIES, s, i * k + c + LANES), a1);
            }
            a0.intoArray(g, j * k + c);
            a1.intoArray(g, j * k + c + LANES);
        }
    }
}
