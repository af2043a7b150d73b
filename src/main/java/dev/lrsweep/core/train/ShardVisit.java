package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;

/**
 * The batches of one visit to a shard ({@link ShardedEpochs}): the updates whose batch ends in this shard's
 * stretch of the epoch's sequence. The first may begin in the shard before: its first rows are the ones the trial
 * carried over, the rest the first rows of this shard's order. The rows after the last whole batch of this stretch
 * are carried over to the next visit ({@link #carryOver}).
 */
public final class ShardVisit implements Batches {
    private final ShardedEpochs epochs;
    private final ShardedEpochs.Visit visit;
    private final DataBlock shard;
    private final int[] order;
    private final Carry carried;

    /** Rows carried from one visit to the next: their features as doubles, row-major, and labels. */
    public record Carry(double[] x, double[] y) implements java.io.Serializable {
        public static final Carry NONE = new Carry(new double[0], new double[0]);

        public int rows() {
            return y.length;
        }
    }

    /**
     * @param carried the rows carried over from the visit before ({@link Carry#NONE} at an epoch's first)
     */
    public ShardVisit(ShardedEpochs epochs, ShardedEpochs.Visit visit, DataBlock shard, Carry carried) {
        if (shard.rows() != epochs.shardRows(visit.shard())) {
            throw new IllegalArgumentException("shard " + visit.shard() + " holds " + shard.rows() + " rows, not "
                    + epochs.shardRows(visit.shard()));
        }
        long start = (visit.firstUpdate() % epochs.stepsPerEpoch()) * epochs.batchSize();
        if (visit.offset() - start != carried.rows()) {
            throw new IllegalArgumentException("visit " + visit + " needs " + (visit.offset() - start)
                    + " carried rows, got " + carried.rows());
        }
        this.epochs = epochs;
        this.visit = visit;
        this.shard = shard;
        this.order = epochs.rowOrder(visit.epoch(), visit.shard());
        this.carried = carried;
    }

    @Override
    public void locate(long k, Cursor cursor) {
        if (k < visit.firstUpdate() || k >= visit.endUpdate()) {
            throw new IllegalArgumentException("update " + k + " is not trained in visit " + visit);
        }
        long b = k % epochs.stepsPerEpoch();
        long from = b * epochs.batchSize();
        long to = Math.min(epochs.rows(), from + epochs.batchSize());
        int first = (int) (from - visit.offset());
        int end = (int) (to - visit.offset());
        if (first >= 0) {
            cursor.set(shard, order, first, end);
            return;
        }
        int d = shard.features();
        int c = carried.rows();
        int n = c + end;
        double[] x = new double[n * d];
        double[] y = new double[n];
        System.arraycopy(carried.x(), 0, x, 0, c * d);
        System.arraycopy(carried.y(), 0, y, 0, c);
        for (int i = 0; i < end; i++) {
            shard.copyRow(order[i], x, (c + i) * d);
            y[c + i] = shard.label(order[i]);
        }
        cursor.set(new DataBlock(n, d, x, y), null, 0, n);
    }

    /** The rows after the visit's last whole batch, which the next visit's first batch begins with. */
    public Carry carryOver() {
        long next = visit.endUpdate() % epochs.stepsPerEpoch();
        if (next == 0) {
            return Carry.NONE;
        }
        int first = (int) (next * epochs.batchSize() - visit.offset());
        int d = shard.features();
        int n = shard.rows() - first;
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            shard.copyRow(order[first + i], x, i * d);
            y[i] = shard.label(order[first + i]);
        }
        return new Carry(x, y);
    }
}
