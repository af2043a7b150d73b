package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.train.ShardedEpochs;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.io.Serializable;
import java.util.List;

/**
 * What every executor needs to train at the shards, broadcast once: the rows the losses are evaluated on (capped
 * subsets), the shards' sizes, the planner and the trials. The training rows are not in it: they stay in the
 * cached shards.
 *
 * @param evaluation the training rows the training loss is evaluated on
 * @param validation the validation rows evaluated, or null
 * @param shardRows  each shard's rows
 */
@DefaultSerializer(JavaSerializer.class)
record ShardedPayload(DataBlock evaluation, DataBlock validation, long[] shardRows, TrialPlanner planner,
                      List<TrialSpec> trials) implements Serializable {

    long trainingRows() {
        long n = 0;
        for (long r : shardRows) {
            n += r;
        }
        return n;
    }

    /** The batch order the trials of a block share (the plan of any of them). */
    ShardedEpochs epochs(TrialPlan plan) {
        return new ShardedEpochs(shardRows, plan.seed(), plan.settings().shuffle(), plan.batchSize());
    }
}
