package dev.lrsweep.core.model;

/**
 * {@link DenseKernel}'s two products for many columns, a panel of columns at a time. A perceptron's first layer
 * in a block of T trials has n₁·T columns (4096 for 128 units and 32 trials): a row of its weights then spans
 * 32 KB, and the weights of a few columns, read down the rows, lie a multiple of 32 KB apart, where they share
 * cache sets and evict each other (the kernel ran at 10–20 GFLOP/s there against 62 at 128 columns). So the
 * weights (forward) or the slopes (gradient) of {@value #WIDTH} columns are first copied next to each other, the
 * kernel runs on that panel, and its outputs are copied into place. Every column is computed by the kernel's own
 * chain of fused multiply-adds whatever the panel's width, so the bits are the kernel's.
 */
final class Panels {
    /** Columns per panel: the weights of a panel of 784 features take 800 KB, within a core's L2 cache. */
    static final int WIDTH = 128;

    private Panels() {
    }

    /**
     * As {@link DenseKernel#forward}, with the weights w from index 0 and the biases in b from bo; the scratch
     * arrays hold at least d·{@value #WIDTH}, {@value #WIDTH} and rows·{@value #WIDTH} values.
     */
    static void forward(double[] x, int rows, int d, double[] w, double[] b, int bo, int k, double[] z,
                        double[] wp, double[] bp, double[] zp) {
        if (k <= WIDTH) {
            DenseKernel.INSTANCE.forward(x, rows, d, w, b, bo, k, z);
            return;
        }
        for (int c = 0; c < k; c += WIDTH) {
            int width = Math.min(WIDTH, k - c);
            for (int j = 0; j < d; j++) {
                System.arraycopy(w, j * k + c, wp, j * width, width);
            }
            System.arraycopy(b, bo + c, bp, 0, width);
            DenseKernel.INSTANCE.forward(x, rows, d, wp, bp, 0, width, zp);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(zp, i * width, z, i * k + c, width);
            }
        }
    }

    /**
     * As {@link DenseKernel#backward}, the gradient written to g from index 0 and the biases' to g from go; the
     * scratch arrays hold at least rows·{@value #WIDTH} and (d + 1)·{@value #WIDTH} values.
     */
    static void backward(double[] x, int rows, int d, double[] s, int k, double[] g, int go, double[] sp,
                         double[] gp) {
        if (k <= WIDTH) {
            DenseKernel.INSTANCE.backward(x, rows, d, s, k, g, g, go);
            return;
        }
        for (int c = 0; c < k; c += WIDTH) {
            int width = Math.min(WIDTH, k - c);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(s, i * k + c, sp, i * width, width);
            }
            DenseKernel.INSTANCE.backward(x, rows, d, sp, width, gp, gp, d * width);
            for (int j = 0; j < d; j++) {
                System.arraycopy(gp, j * width, g, j * k + c, width);
            }
            System.arraycopy(gp, d * width, g, go + c, width);
        }
    }
}
