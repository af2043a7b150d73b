package dev.lrsweep.io;

import dev.lrsweep.core.data.SplitMix64;
import java.util.Arrays;

/**
 * Seeded choices of rows that depend only on the row count and the seed, never on Spark's partitioning: the
 * validation split and the subset the training loss is evaluated on. Every index list comes out sorted, so the
 * chosen rows keep their input order.
 */
public final class Subsets {
    /** Child indices of the sweep seed for the data's own randomness (grid seeds derive trial seeds). */
    public static final long SAMPLE_STREAM = -1001;
    public static final long VALIDATION_SAMPLE_STREAM = -1002;
    public static final long SPLIT_STREAM = -1003;
    public static final long EVAL_STREAM = -1004;
    /** The rows the landscape is estimated on, and its power iteration's random start. */
    public static final long LANDSCAPE_STREAM = -1005;

    private Subsets() {
    }

    /**
     * Splits rows 0 … n − 1 into {@code [training, held out]}, exactly {@code holdOut} held out, chosen by a
     * SplitMix64 shuffle seeded with {@code seed}.
     */
    public static int[][] split(int n, int holdOut, long seed) {
        if (holdOut < 0 || holdOut > n) {
            throw new IllegalArgumentException("cannot hold out " + holdOut + " of " + n + " rows");
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        new SplitMix64(seed).shuffle(order);
        int[] held = Arrays.copyOfRange(order, 0, holdOut);
        int[] kept = Arrays.copyOfRange(order, holdOut, n);
        Arrays.sort(held);
        Arrays.sort(kept);
        return new int[][] {kept, held};
    }

    /** {@code k} distinct indices of 0 … n − 1 (a partial Fisher–Yates shuffle seeded with {@code seed}), sorted. */
    public static int[] choose(int n, int k, long seed) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + n + " rows");
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplitMix64 random = new SplitMix64(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, k);
        Arrays.sort(chosen);
        return chosen;
    }

    /** The rows the training loss is evaluated on: all ({@code null}) up to {@code evalRows}, else a seeded subset. */
    public static int[] evalOrder(int trainingRows, int evalRows, long sweepSeed) {
        return trainingRows <= evalRows ? null
                : choose(trainingRows, evalRows, SplitMix64.derive(sweepSeed, EVAL_STREAM));
    }
}
