package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.train.ShardVisit;
import dev.lrsweep.core.train.TrainingState;
import java.io.Serializable;

/**
 * Where a block of trials that share their batches stands between two visits to the shards: the trials' states
 * (null before the first visit), the next visit, the rows carried over to it and the time its visits took. It is
 * all that moves between rounds: parameters and optimizer states, never the data.
 *
 * @param id      the block's number in its wave
 * @param trials  the block's trials, as indices into the sweep's trials
 * @param states  the trials' states, or null before the first visit
 * @param visit   the next visit, counting over the whole run ({@link dev.lrsweep.core.train.ShardedEpochs#visit})
 * @param carry   the rows carried over to that visit
 * @param seconds the time the block's visits took so far
 * @param done    true once every trial finished or diverged
 */
@DefaultSerializer(JavaSerializer.class)
record BlockProgress(int id, int[] trials, TrainingState[] states, long visit, ShardVisit.Carry carry, double seconds,
                     boolean done) implements Serializable {

    static BlockProgress start(int id, int[] trials) {
        return new BlockProgress(id, trials, null, 0, ShardVisit.Carry.NONE, 0.0, false);
    }
}
