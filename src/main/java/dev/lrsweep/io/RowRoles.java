package dev.lrsweep.io;

import dev.lrsweep.core.data.RowPermutation;
import java.io.Serializable;

/**
 * What becomes of each row of a data set, decided from its position alone: the row at position i of the input (files
 * in name order, rows in file order) gets the rank r = P(i) of a seeded permutation P of the n positions
 * ({@link RowPermutation}), and
 * <ul>
 * <li>r ≥ kept: sampled out ({@code data.max_rows});</li>
 * <li>r &lt; held: a validation row, evaluated when r &lt; {@code data.validation_rows};</li>
 * <li>otherwise a training row of training rank t = r − held, in shard ⌊t · shards / training rows⌋, and among
 *     the rows the training loss is evaluated on when t &lt; {@code train.eval_rows}.</li>
 * </ul>
 * Every count is exact and every choice uniform, and none depends on how the files are split, on the cluster or on
 * retries. Inside a shard, and in the replicated layout's single block, rows keep input order.
 */
final class RowRoles implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The target of a row that is neither trained on nor evaluated. */
    static final int DROPPED = -1;

    private final long sourceRows;
    private final long kept;
    private final long held;
    private final int shards;
    private final long evalRows;
    private final long validationRows;
    private final RowPermutation permutation;

    /**
     * @param sourceRows     the rows read
     * @param kept           the rows kept (all, or the {@code max_rows} sample)
     * @param held           the kept rows held out for validation (all of them for a separate validation set)
     * @param shards         the number of shards of the training rows (1 for the replicated layout)
     * @param evalRows       the cap on training rows the training loss is evaluated on
     * @param validationRows the cap on validation rows the validation loss is evaluated on
     */
    RowRoles(long sourceRows, long kept, long held, int shards, long evalRows, long validationRows, long seed) {
        if (kept > sourceRows || held > kept || shards < 1) {
            throw new IllegalArgumentException("kept " + kept + ", held " + held + " of " + sourceRows + " rows in "
                    + shards + " shards");
        }
        this.sourceRows = sourceRows;
        this.kept = kept;
        this.held = held;
        this.shards = shards;
        this.evalRows = evalRows;
        this.validationRows = validationRows;
        this.permutation = new RowPermutation(sourceRows, seed);
    }

    /** The rows read: positions run from 0 to this. */
    long sourceRows() {
        return sourceRows;
    }

    int shards() {
        return shards;
    }

    /** The partition of the held-out rows that are evaluated: the one after the shards. */
    int validationTarget() {
        return shards;
    }

    /** Where the data checks of the rows go when they are made as the rows are packed: after the validation rows. */
    int checksTarget() {
        return shards + 1;
    }

    /** The cap on training rows the training loss is evaluated on. */
    long evalRows() {
        return evalRows;
    }

    long trainingRows() {
        return kept - held;
    }

    /** The held-out rows the validation loss is evaluated on. */
    long evaluatedValidationRows() {
        return Math.min(held, validationRows);
    }

    /** Whether the training loss is evaluated on a subset of the training rows rather than all of them. */
    boolean evaluatesSubset() {
        return trainingRows() > evalRows;
    }

    /** The rows of shard s, of the training rows of ranks ⌈s·T/N⌉ … ⌈(s+1)·T/N⌉ − 1. */
    long shardRows(int s) {
        return firstRank(s + 1) - firstRank(s);
    }

    private long firstRank(int s) {
        return (Math.multiplyExact(s, trainingRows()) + shards - 1) / shards;
    }

    /** The rank of position i. */
    long rank(long i) {
        return permutation.rank(i);
    }

    /** Where the row of rank r goes: its shard, {@link #validationTarget}, or {@link #DROPPED}. */
    int target(long r) {
        if (r >= kept) {
            return DROPPED;
        }
        if (r < held) {
            return r < validationRows ? validationTarget() : DROPPED;
        }
        return (int) (Math.multiplyExact(r - held, shards) / trainingRows());
    }

    /** Whether the training row of rank r is one the training loss is evaluated on. */
    boolean evaluated(long r) {
        return r >= held && r < kept && r - held < evalRows;
    }
}
