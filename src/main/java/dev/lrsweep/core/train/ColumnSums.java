package dev.lrsweep.core.train;

import dev.lrsweep.core.model.DenseKernel;

/**
 * The per-trial sums a block's step needs, over arrays in block layout (element i of trial t at
 * {@code [i·width + t]}), with lanes across trials. For each trial the sums run in one fixed order, the same
 * for every width and implementation, so a trial's numbers do not depend on its block. The vectorised
 * implementation is used when the JVM has the vector module; both give the same bits.
 */
interface ColumnSums {

    ColumnSums INSTANCE = DenseKernel.Selection.vectorisedOr(ColumnSums.class,
            "dev.lrsweep.core.train.VectorColumnSums", new Scalar());

    /**
     * Each trial's gradient norm into {@code out[t]}: four partial sums of g² over the elements i ≡ 0, 1, 2, 3
     * (mod 4) in index order (the last n mod 4 elements go to the first), then {@code √((s₀ + s₁) + (s₂ + s₃))}.
     */
    void norms(double[] g, int width, double[] out);

    /**
     * For each trial: stores its update {@code u = params − before} into {@code last} and returns in
     * {@code sums[k·width + t]} the sums k = 0 … 4 of u·last, u², last², params² (each as two partial sums,
     * over even and odd indices, added at the end) and of {@code params − params} (zero when every parameter
     * is finite), with {@code last} read before it is overwritten.
     */
    void updateSums(double[] params, double[] before, double[] last, int width, double[] sums);

    /** The reference, one trial after another. */
    final class Scalar implements ColumnSums {

        @Override
        public void norms(double[] g, int width, double[] out) {
            columnNorms(g, width, 0, out);
        }

        @Override
        public void updateSums(double[] params, double[] before, double[] last, int width, double[] sums) {
            columnUpdateSums(params, before, last, width, 0, sums);
        }

        /** {@link #norms} for the trials from {@code from} on. */
        static void columnNorms(double[] g, int width, int from, double[] out) {
            int n = g.length / width;
            for (int t = from; t < width; t++) {
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                int i = 0;
                for (; i + 4 <= n; i += 4) {
                    int at = i * width + t;
                    s0 = Math.fma(g[at], g[at], s0);
                    s1 = Math.fma(g[at + width], g[at + width], s1);
                    s2 = Math.fma(g[at + 2 * width], g[at + 2 * width], s2);
                    s3 = Math.fma(g[at + 3 * width], g[at + 3 * width], s3);
                }
                for (; i < n; i++) {
                    int at = i * width + t;
                    s0 = Math.fma(g[at], g[at], s0);
                }
                out[t] = Math.sqrt((s0 + s1) + (s2 + s3));
            }
        }

        /** {@link #updateSums} for the trials from {@code from} on. */
        static void columnUpdateSums(double[] params, double[] before, double[] last, int width, int from,
                                     double[] sums) {
            int n = params.length / width;
            for (int t = from; t < width; t++) {
                double dot0 = 0.0, dot1 = 0.0, now0 = 0.0, now1 = 0.0, last0 = 0.0, last1 = 0.0;
                double par0 = 0.0, par1 = 0.0, nonFinite = 0.0;
                int i = 0;
                for (; i + 2 <= n; i += 2) {
                    int a = i * width + t;
                    int b = a + width;
                    double p0 = params[a], p1 = params[b];
                    double u0 = p0 - before[a], u1 = p1 - before[b];
                    double l0 = last[a], l1 = last[b];
                    nonFinite += (p0 - p0) + (p1 - p1);
                    dot0 = Math.fma(u0, l0, dot0);
                    dot1 = Math.fma(u1, l1, dot1);
                    now0 = Math.fma(u0, u0, now0);
                    now1 = Math.fma(u1, u1, now1);
                    last0 = Math.fma(l0, l0, last0);
                    last1 = Math.fma(l1, l1, last1);
                    par0 = Math.fma(p0, p0, par0);
                    par1 = Math.fma(p1, p1, par1);
                    last[a] = u0;
                    last[b] = u1;
                }
                if (i < n) {
                    int a = i * width + t;
                    double p = params[a];
                    double u = p - before[a];
                    double l = last[a];
                    nonFinite += p - p;
                    dot0 = Math.fma(u, l, dot0);
                    now0 = Math.fma(u, u, now0);
                    last0 = Math.fma(l, l, last0);
                    par0 = Math.fma(p, p, par0);
                    last[a] = u;
                }
                sums[t] = dot0 + dot1;
                sums[width + t] = now0 + now1;
                sums[2 * width + t] = last0 + last1;
                sums[3 * width + t] = par0 + par1;
                sums[4 * width + t] = nonFinite;
            }
        }
    }
}
