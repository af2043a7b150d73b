package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;

/**
 * Where the rows of each update come from. The trainer asks for update k's rows and gets them as rows
 * {@code order[from] … order[to − 1]} of a data block ({@code order} null: rows {@code from … to − 1}). Two sources
 * that give the same rows in the same order for an update give the same bits.
 */
public interface Batches {

    /** Update k's rows, set into the cursor. */
    void locate(long k, Cursor cursor);

    /** The rows of one update. */
    final class Cursor {
        DataBlock data;
        int[] order;
        int from;
        int to;

        /** Points at rows {@code order[from] … order[to − 1]} of the block. */
        public void set(DataBlock block, int[] rowOrder, int first, int end) {
            this.data = block;
            this.order = rowOrder;
            this.from = first;
            this.to = end;
        }
    }

    /**
     * The replicated layout's batches: every training row in one block, epoch e in {@link EpochOrder} (input order,
     * or a shuffle seeded by (seed, e)), update k on batch {@code k mod S} of epoch {@code ⌊k / S⌋} for S = ⌈rows /
     * B⌉: positions {@code [b·B, min(rows, (b+1)·B))} of the epoch's order.
     */
    static Batches epochs(DataBlock train, TrialPlan plan) {
        EpochOrder order = new EpochOrder(train.rows(), plan.seed(), plan.settings().shuffle());
        long perEpoch = TrialPlan.stepsPerEpoch(train.rows(), plan.batchSize());
        int b = plan.batchSize();
        return (k, cursor) -> {
            int start = (int) ((k % perEpoch) * b);
            cursor.set(train, order.of(k / perEpoch), start, (int) Math.min(train.rows(), start + (long) b));
        };
    }
}
