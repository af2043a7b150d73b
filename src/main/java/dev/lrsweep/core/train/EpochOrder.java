package dev.lrsweep.core.train;

import dev.lrsweep.core.data.SplitMix64;

/**
 * The order in which an epoch visits the training rows: input order, or a Fisher–Yates shuffle seeded by
 * (seed, epoch) alone, so any epoch can be produced anywhere, in any order, with the same result. Trials that
 * share the seed share the order.
 */
public final class EpochOrder {
    private final long seed;
    private final boolean shuffle;
    private final int[] order;
    private long epoch = -1;

    public EpochOrder(int rows, long seed, boolean shuffle) {
        this.seed = seed;
        this.shuffle = shuffle;
        this.order = new int[rows];
    }

    /** The row order of an epoch; the array is reused for the next epoch asked for. */
    public int[] of(long epochIndex) {
        if (epochIndex != epoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (shuffle) {
                new SplitMix64(SplitMix64.derive(seed, epochIndex)).shuffle(order);
            }
            epoch = epochIndex;
        }
        return order;
    }
}
