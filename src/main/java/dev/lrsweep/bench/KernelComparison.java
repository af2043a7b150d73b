package dev.lrsweep.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.DenseKernel;
import java.util.Arrays;
import java.util.Locale;

/**
 * lrsweep's dense kernel against the BLAS Spark uses ({@code dev.ludovic.netlib}: a native library such as
 * OpenBLAS when one is installed, else its Java implementation), on the block's two products: the forward pass
 * {@code Z = X·W + b} and the gradient {@code G = Xᵀ·S}, with X a batch of rows × d, and W, S of K columns.
 *
 * <p>A BLAS could replace the kernel only where it is faster and gives lrsweep's bits, in the block and at every
 * narrower width down to a trial alone: a trial's numbers must not depend on the block it trains in. This
 * measures both, so that the choice of lrsweep's own kernel can be checked on any machine.
 */
public final class KernelComparison {
    /** Each timing is the best of this many rounds. */
    private static final int ROUNDS = 15;
    /** Roughly how long one round of calls runs. */
    private static final long ROUND_NANOS = 20_000_000;
    /** The least and the most time the calls run before they are timed, so that the JIT has compiled them. */
    private static final long WARM_UP_NANOS = 1_000_000_000;
    private static final long MAX_WARM_UP_NANOS = 5_000_000_000L;
    /** The narrower widths checked one by one; beyond them, every doubling. */
    private static final int NARROW_WIDTHS = 64;

    private KernelComparison() {
    }

    /** One line: both implementations' GFLOP/s on one core, and whether the BLAS gives lrsweep's bits. */
    public static String describe(int rows, int d, int k) {
        SplitMix64 random = new SplitMix64(1);
        double[] x = fill(random, rows * d, 1.0);
        double[] w = fill(random, (d + 1) * k, 0.1);
        double[] s = fill(random, rows * k, 0.01);
        double[] z = new double[rows * k];
        double[] g = new double[(d + 1) * k];
        DenseKernel kernel = DenseKernel.INSTANCE;
        double ownForward = bestMicros(() -> kernel.forward(x, rows, d, w, w, d * k, k, z));
        double ownBackward = bestMicros(() -> kernel.backward(x, rows, d, s, k, g, g, d * k));

        BLAS blas = BLAS.getInstance();
        double[] bz = new double[rows * k];
        double[] bg = new double[d * k];
        // row-major Z (rows × K) is column-major Zᵀ = Wᵀ·Xᵀ; row-major G (d × K) is column-major Gᵀ = Sᵀ·X
        double blasForward = bestMicros(() -> forward(blas, x, rows, d, w, k, bz));
        double blasBackward = bestMicros(() -> blas.dgemm("N", "T", k, d, rows, 1.0, s, k, x, d, 0.0, bg, k));
        boolean inBlock = Arrays.equals(bz, z) && Arrays.equals(bg, 0, bg.length, g, 0, bg.length);
        int otherAt = 0;
        // every narrower width up to 64, then doubling (a perceptron's first layer has thousands of columns)
        for (int width = 1; width < k && otherAt == 0; width = width < NARROW_WIDTHS ? width + 1 : 2 * width) {
            otherAt = sameFirstColumn(blas, x, rows, d, w, k, width, z) ? 0 : width;
        }
        double flops = 2.0 * rows * d * k;
        boolean faster = blasForward < ownForward && blasBackward < ownBackward;
        String narrower = k == 1 ? "" : otherAt == 0 ? ", and at every narrower width"
                + (k > NARROW_WIDTHS + 1 ? " checked (1 … " + NARROW_WIDTHS + ", then doubling)" : "")
                : ", but other at width " + otherAt;
        return String.format(Locale.ROOT, "batch %d × %d features × %d columns, forward/gradient on one core: lrsweep"
                        + " %s %.1f/%.1f GFLOP/s; Spark's BLAS (%s) %.1f/%.1f GFLOP/s, %s bits in the block%s (a"
                        + " trial's bits must not depend on its block)",
                rows, d, k, kernel.describe(), flops / ownForward / 1e3, flops / ownBackward / 1e3,
                blas.getClass().getSimpleName(), flops / blasForward / 1e3, flops / blasBackward / 1e3,
                inBlock ? "lrsweep's" : "other", narrower)
                + (inBlock && otherAt == 0 && faster ? "; the BLAS is faster here" : "");
    }

    private static void forward(BLAS blas, double[] x, int rows, int d, double[] w, int k, double[] z) {
        blas.dgemm("N", "N", k, rows, d, 1.0, w, k, x, d, 0.0, z, k);
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < k; c++) {
                z[i * k + c] += w[d * k + c];
            }
        }
    }

    /** True when the BLAS's forward pass at {@code width} columns gives column 0 the bits lrsweep gives it in z. */
    private static boolean sameFirstColumn(BLAS blas, double[] x, int rows, int d, double[] w, int k, int width,
                                           double[] z) {
        double[] narrow = new double[(d + 1) * width];
        for (int j = 0; j <= d; j++) {
            System.arraycopy(w, j * k, narrow, j * width, width);
        }
        double[] out = new double[rows * width];
        forward(blas, x, rows, d, narrow, width, out);
        for (int i = 0; i < rows; i++) {
            if (Double.doubleToRawLongBits(out[i * width]) != Double.doubleToRawLongBits(z[i * k])) {
                return false;
            }
        }
        return true;
    }

    private static double[] fill(SplitMix64 random, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        return a;
    }

    /**
     * The best time of one call, in µs: calls in rounds of about 20 ms, best of {@link #ROUNDS}, once the JIT has
     * compiled them (two rounds in a row within 10 % of each other, after at least {@link #WARM_UP_NANOS}; the
     * Vector API is very slow until then).
     */
    private static double bestMicros(Runnable call) {
        long[] calls = {1};
        Settling.untilSteady(() -> {
            long t = System.nanoTime();
            for (long c = 0; c < calls[0]; c++) {
                call.run();
            }
            double perCall = (double) Math.max(1, System.nanoTime() - t) / calls[0];
            calls[0] = Math.max(1, (long) (ROUND_NANOS / perCall));
            return perCall;
        }, 0.1, 2, WARM_UP_NANOS, MAX_WARM_UP_NANOS);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t = System.nanoTime();
            for (long c = 0; c < calls[0]; c++) {
                call.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / 1e3 / calls[0]);
        }
        return best;
    }
}
