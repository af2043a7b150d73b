package dev.lrsweep.core.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link DenseKernel} on the Java Vector API: lanes run across output columns, and a register tile of
 * four rows (forward) or four features (backward) by two vectors reuses each load four times. Columns left over
 * when K is not a multiple of the lane count, and blocks narrower than one vector, go through the scalar
 * kernel. Each output element is the same chain of fused multiply-adds as in {@link ScalarDenseKernel}.
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
        int wide = k - k % LANES;
        if (wide == 0) {
            scalar.forward(x, rows, d, w, b, bo, k, z);
            return;
        }
        int c = 0;
        for (; c + 2 * LANES <= wide; c += 2 * LANES) {
            forwardTile(x, rows, d, w, b, bo, k, z, c);
        }
        for (; c < wide; c += LANES) {
            forwardColumn(x, rows, d, w, b, bo, k, z, c);
        }
        for (; c < k; c++) {
            for (int i = 0; i < rows; i++) {
                double acc = 0.0;
                for (int j = 0; j < d; j++) {
                    acc = Math.fma(x[i * d + j], w[j * k + c], acc);
                }
                z[i * k + c] = acc + b[bo + c];
            }
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
        for (; i < rows; i++) {
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

    /** Columns c … c + LANES − 1, one row at a time. */
    private static void forwardColumn(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z,
                                      int c) {
        DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bo + c);
        for (int i = 0; i < rows; i++) {
            DoubleVector a = DoubleVector.zero(SPECIES);
            for (int j = 0; j < d; j++) {
                a = DoubleVector.broadcast(SPECIES, x[i * d + j]).fma(DoubleVector.fromArray(SPECIES, w, j * k + c), a);
            }
            a.add(b0).intoArray(z, i * k + c);
        }
    }

    @Override
    public void backward(double[] x, int rows, int d, double[] s, int k, double[] g, double[] gb, int go) {
        int wide = k - k % LANES;
        if (wide == 0) {
            scalar.backward(x, rows, d, s, k, g, gb, go);
            return;
        }
        int c = 0;
        for (; c + 2 * LANES <= wide; c += 2 * LANES) {
            backwardTile(x, rows, d, s, k, g, c);
        }
        for (; c < wide; c += LANES) {
            for (int j = 0; j < d; j++) {
                DoubleVector a = DoubleVector.zero(SPECIES);
                for (int i = 0; i < rows; i++) {
                    a = DoubleVector.broadcast(SPECIES, x[i * d + j]).fma(DoubleVector.fromArray(SPECIES, s, i * k + c), a);
                }
                a.intoArray(g, j * k + c);
            }
        }
        for (; c < k; c++) {
            for (int j = 0; j < d; j++) {
                double acc = 0.0;
                for (int i = 0; i < rows; i++) {
                    acc = Math.fma(x[i * d + j], s[i * k + c], acc);
                }
                g[j * k + c] = acc;
            }
        }
        for (int cc = 0; cc < wide; cc += LANES) {
            DoubleVector a = DoubleVector.zero(SPECIES);
            for (int i = 0; i < rows; i++) {
                a = a.add(DoubleVector.fromArray(SPECIES, s, i * k + cc));
            }
            a.intoArray(gb, go + cc);
        }
        for (int cc = wide; cc < k; cc++) {
            double acc = 0.0;
            for (int i = 0; i < rows; i++) {
                acc += s[i * k + cc];
            }
            gb[go + cc] = acc;
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
        for (; j < d; j++) {
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
