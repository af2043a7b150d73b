package dev.lrsweep.io;

import dev.lrsweep.core.data.DataBlock;
import java.util.List;

/**
 * A sweep's data, read, checked and packed for the trainer, in one of two layouts.
 *
 * <p><b>Replicated</b> ({@code train} set): every training row in one block on the driver, broadcast to every
 * executor; the training loss is evaluated on the rows {@code evalOrder} names (null: all of them).
 * <b>Sharded</b> ({@code shards} set): the training rows stay in shards cached on the executors; the training loss
 * is evaluated on {@code evaluation}, a capped seeded subset small enough to broadcast. The same rows in the same
 * order either way, so one shard reproduces the replicated layout.
 *
 * @param train           the replicated layout's training rows, or null
 * @param shards          the sharded layout's training rows, or null
 * @param trainingRows    the training rows
 * @param evaluation      the rows the training loss is evaluated on in the sharded layout, else null
 * @param evalOrder       the replicated layout's rows the training loss is evaluated on (sorted), or null for all
 * @param validation      the validation rows the validation loss is evaluated on (capped), or null
 * @param validationRows  all the validation rows, of which {@code validation} holds at most the cap
 * @param featureNames    the features, in column order
 * @param classes         softmax: the number of classes; 0 for the other models
 * @param standardization the z-score statistics of the training rows, or null without {@code standardize}
 * @param notes           what was done to the data, for the run's log (sampling, constant features, …)
 */
public record TrainingData(DataBlock train, ShardedRows shards, long trainingRows, DataBlock evaluation,
                           int[] evalOrder, DataBlock validation, long validationRows, List<String> featureNames,
                           int classes, Standardization standardization, List<String> notes) {

    public int features() {
        return featureNames.size();
    }

    public boolean sharded() {
        return shards != null;
    }

    /** The layout's name as the sweep file spells it. */
    public String layout() {
        return sharded() ? "sharded" : "replicated";
    }

    /** The rows evaluated for the validation loss. */
    public int evaluatedValidationRows() {
        return validation == null ? 0 : validation.rows();
    }
}
