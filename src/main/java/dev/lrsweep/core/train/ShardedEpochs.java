package dev.lrsweep.core.train;

import dev.lrsweep.core.data.SplitMix64;
import java.io.Serializable;

/**
 * The batch order of a sharded epoch. Epoch e visits every shard once, in a permutation seeded by (seed, e); the
 * rows of shard s come in a shuffle seeded by (seed, e·N + s) (input order without {@code shuffle}); the epoch's
 * sequence is the shards' rows one shard after another, and update k is batch b = k mod S of epoch ⌊k / S⌋ for
 * S = ⌈n / B⌉: positions {@code [b·B, min(n, (b+1)·B))} of that sequence, so the last batch of an epoch may be
 * smaller. A batch that begins in one shard and ends in the next is trained at the next one, from the rows the
 * trial carried over ({@link ShardVisit}). With one shard this is the replicated layout's {@link EpochOrder}, bit
 * for bit.
 *
 * <p>Visit v of epoch e, to shard {@code shardOrder(e)[v]}, trains the updates whose batch ends inside that shard's
 * stretch of the sequence. Batches must not be larger than the smallest shard, so that a batch spans at most two.
 */
public final class ShardedEpochs implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] shardRows;
    private final long rows;
    private final long seed;
    private final boolean shuffle;
    private final int batchSize;
    private final long stepsPerEpoch;

    public ShardedEpochs(long[] shardRows, long seed, boolean shuffle, int batchSize) {
        long n = 0;
        for (long r : shardRows) {
            if (r < batchSize) {
                throw new IllegalArgumentException("batch size " + batchSize + " exceeds a shard of " + r + " rows");
            }
            n += r;
        }
        this.shardRows = shardRows.clone();
        this.rows = n;
        this.seed = seed;
        this.shuffle = shuffle;
        this.batchSize = batchSize;
        this.stepsPerEpoch = TrialPlan.stepsPerEpoch(n, batchSize);
    }

    public int shards() {
        return shardRows.length;
    }

    public long rows() {
        return rows;
    }

    /** The rows of shard s. */
    public long shardRows(int s) {
        return shardRows[s];
    }

    public int batchSize() {
        return batchSize;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The order in which epoch e visits the shards. */
    public int[] shardOrder(long epoch) {
        int[] order = new int[shardRows.length];
        for (int s = 0; s < order.length; s++) {
            order[s] = s;
        }
        if (shuffle && order.length > 1) {
            new SplitMix64(SplitMix64.derive(seed, -1 - epoch)).shuffle(order);
        }
        return order;
    }

    /** The order of shard s's rows in epoch e. */
    public int[] rowOrder(long epoch, int shard) {
        int[] order = new int[(int) shardRows[shard]];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            new SplitMix64(SplitMix64.derive(seed, epoch * shardRows.length + shard)).shuffle(order);
        }
        return order;
    }

    /** One visit: the shard, where its rows start in the epoch's sequence, and the updates trained there. */
    public record Visit(long epoch, int index, int shard, long offset, long firstUpdate, long endUpdate)
            implements Serializable {
    }

    /** Visit q, counting over the whole run: visit q mod N of epoch ⌊q / N⌋. */
    public Visit visit(long q) {
        long epoch = q / shardRows.length;
        int v = (int) (q % shardRows.length);
        int[] order = shardOrder(epoch);
        long offset = 0;
        for (int u = 0; u < v; u++) {
            offset += shardRows[order[u]];
        }
        long end = offset + shardRows[order[v]];
        long base = epoch * stepsPerEpoch;
        return new Visit(epoch, v, order[v], offset, base + offset / batchSize,
                base + (end == rows ? stepsPerEpoch : end / batchSize));
    }

    /** The visit that trains update k. */
    public long visitOf(long k) {
        long epoch = k / stepsPerEpoch;
        long end = Math.min(rows, (k % stepsPerEpoch + 1) * batchSize);
        int[] order = shardOrder(epoch);
        long offset = 0;
        for (int v = 0; v < order.length; v++) {
            offset += shardRows[order[v]];
            if (end <= offset) {
                return epoch * shardRows.length + v;
            }
        }
        throw new IllegalStateException("update " + k + " falls in no shard");
    }
}
