package dev.lrsweep.core.model;

import java.util.Arrays;

/** The plain-Java {@link DenseKernel}: the reference the vectorised one must match bit for bit. */
public final class ScalarDenseKernel implements DenseKernel {

    @Override
    public void forward(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z) {
        if (k == 1) {
            forwardOneColumn(x, rows, d, w, b[bo], z);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int xi = i * d;
            int zi = i * k;
            for (int c = 0; c < k; c++) {
                double acc = 0.0;
                for (int j = 0; j < d; j++) {
                    acc = Math.fma(x[xi + j], w[j * k + c], acc);
                }
                z[zi + c] = acc + b[bo + c];
            }
        }
    }

    /** One column, four rows' chains interleaved so that their latencies overlap; each chain is unchanged. */
    private static void forwardOneColumn(double[] x, int rows, int d, double[] w, double bias, double[] z) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int x0 = i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
            double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
            for (int j = 0; j < d; j++) {
                double wj = w[j];
                a0 = Math.fma(x[x0 + j], wj, a0);
                a1 = Math.fma(x[x1 + j], wj, a1);
                a2 = Math.fma(x[x2 + j], wj, a2);
                a3 = Math.fma(x[x3 + j], wj, a3);
            }
            z[i] = a0 + bias;
            z[i + 1] = a1 + bias;
            z[i + 2] = a2 + bias;
            z[i + 3] = a3 + bias;
        }
        for (; i < rows; i++) {
            double acc = 0.0;
            for (int j = 0; j < d; j++) {
                acc = Math.fma(x[i * d + j], w[j], acc);
            }
            z[i] = acc + bias;
        }
    }

    @Override
    public void backward(double[] x, int rows, int d, double[] s, int k, double[] g, double[] gb, int go) {
        Arrays.fill(g, 0, d * k, 0.0);
        Arrays.fill(gb, go, go + k, 0.0);
        if (k == 1) {
            double bias = 0.0;
            for (int i = 0; i < rows; i++) {
                double si = s[i];
                int xi = i * d;
                for (int j = 0; j < d; j++) {
                    g[j] = Math.fma(x[xi + j], si, g[j]);
                }
                bias += si;
            }
            gb[go] = bias;
            return;
        }
        for (int i = 0; i < rows; i++) {
            int xi = i * d;
            int si = i * k;
            for (int j = 0; j < d; j++) {
                double xv = x[xi + j];
                int gj = j * k;
                for (int c = 0; c < k; c++) {
                    g[gj + c] = Math.fma(xv, s[si + c], g[gj + c]);
                }
            }
            for (int c = 0; c < k; c++) {
                gb[go + c] += s[si + c];
            }
        }
    }

    @Override
    public String describe() {
        return "scalar";
    }
}
