package dev.lrsweep.core.model;

/**
 * The products of a perceptron's layers after the first, for a block of T trials at once, each trial with its
 * own weights. Every array is in block layout, trial t of element e at {@code [e·T + t]}, so lanes run across
 * trials: for a layer of n inputs and m outputs over a batch of rows,
 * <pre>
 *   forward:          z[(i·m + h)·T + t] = (Σ_j a[(i·n + j)·T + t] · p[w + (j·m + h)·T + t]) + p[b + h·T + t]
 *   weight gradient:  g[w + (j·m + h)·T + t] = Σ_i a[(i·n + j)·T + t] · s[(i·m + h)·T + t]
 *   bias gradient:    g[b + h·T + t] = Σ_i s[(i·m + h)·T + t]
 *   input slopes:     d[(i·n + j)·T + t] = Σ_h p[w + (j·m + h)·T + t] · s[(i·m + h)·T + t]
 * </pre>
 * with a the layer's inputs, p the block's parameters (the layer's weights from w, its biases from b), s the
 * slopes of the loss with respect to the layer's outputs. Each sum runs in index order from 0, each term fused
 * with {@link Math#fma} (the bias sum with plain additions), as {@link DenseKernel}'s do: every element is the same
 * sequence of IEEE operations whatever the number of trials or the implementation, so a trial trained in a block
 * gets the bits it gets alone.
 *
 * <p>{@link #INSTANCE} is the vectorised implementation when the JVM runs {@link DenseKernel}'s vectorised one,
 * else the scalar reference; both give the same bits.
 */
interface LaneKernel {

    LaneKernel INSTANCE = DenseKernel.Selection.vectorisedOr(LaneKernel.class,
            "dev.lrsweep.core.model.VectorLaneKernel", new Scalar());

    void forward(double[] a, int rows, int n, int m, int trials, double[] p, int w, int b, double[] z);

    void backwardWeights(double[] a, int rows, int n, int m, int trials, double[] s, double[] g, int w, int b);

    void backwardInputs(double[] s, int rows, int n, int m, int trials, double[] p, int w, double[] d);

    /** The reference: one element after another. */
    final class Scalar implements LaneKernel {

        @Override
        public void forward(double[] a, int rows, int n, int m, int trials, double[] p, int w, int b, double[] z) {
            int tt = trials;
            for (int i = 0; i < rows; i++) {
                for (int h = 0; h < m; h++) {
                    for (int t = 0; t < tt; t++) {
                        z[(i * m + h) * tt + t] = forwardOne(a, n, m, tt, p, w, b, i, h, t);
                    }
                }
            }
        }

        /** One output of the forward pass. */
        static double forwardOne(double[] a, int n, int m, int tt, double[] p, int w, int b, int i, int h, int t) {
            double acc = 0.0;
            for (int j = 0; j < n; j++) {
                acc = Math.fma(a[(i * n + j) * tt + t], p[w + (j * m + h) * tt + t], acc);
            }
            return acc + p[b + h * tt + t];
        }

        @Override
        public void backwardWeights(double[] a, int rows, int n, int m, int trials, double[] s, double[] g, int w,
                                    int b) {
            int tt = trials;
            for (int j = 0; j < n; j++) {
                for (int h = 0; h < m; h++) {
                    for (int t = 0; t < tt; t++) {
                        g[w + (j * m + h) * tt + t] = weightOne(a, rows, n, m, tt, s, j, h, t);
                    }
                }
            }
            for (int h = 0; h < m; h++) {
                for (int t = 0; t < tt; t++) {
                    g[b + h * tt + t] = biasOne(rows, m, tt, s, h, t);
                }
            }
        }

        /** One weight's gradient. */
        static double weightOne(double[] a, int rows, int n, int m, int tt, double[] s, int j, int h, int t) {
            double acc = 0.0;
            for (int i = 0; i < rows; i++) {
                acc = Math.fma(a[(i * n + j) * tt + t], s[(i * m + h) * tt + t], acc);
            }
            return acc;
        }

        /** One bias's gradient. */
        static double biasOne(int rows, int m, int tt, double[] s, int h, int t) {
            double acc = 0.0;
            for (int i = 0; i < rows; i++) {
                acc += s[(i * m + h) * tt + t];
            }
            return acc;
        }

        @Override
        public void backwardInputs(double[] s, int rows, int n, int m, int trials, double[] p, int w, double[] d) {
            int tt = trials;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    for (int t = 0; t < tt; t++) {
                        d[(i * n + j) * tt + t] = inputOne(s, n, m, tt, p, w, i, j, t);
                    }
                }
            }
        }

        /** One input's slope. */
        static double inputOne(double[] s, int n, int m, int tt, double[] p, int w, int i, int j, int t) {
            double acc = 0.0;
            for (int h = 0; h < m; h++) {
                acc = Math.fma(p[w + (j * m + h) * tt + t], s[(i * m + h) * tt + t], acc);
            }
            return acc;
        }
    }
}
