package dev.lrsweep.run;

import java.io.Serializable;
import org.apache.spark.Partition;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import scala.Option;
import scala.collection.Seq;

/**
 * Makes a round's partitions out of the cached shards: partition i reads shard {@code shards[i]}, and prefers the
 * host that caches it. Several partitions may read the same shard (blocks of trials at the same shard train side by
 * side); on one executor they share the cached rows.
 */
final class ShardPicker implements PartitionCoalescer, Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] shards;

    ShardPicker(int[] shards) {
        this.shards = shards.clone();
    }

    @Override
    public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
        PartitionGroup[] groups = new PartitionGroup[shards.length];
        Partition[] parts = parent.partitions();
        for (int i = 0; i < shards.length; i++) {
            Seq<org.apache.spark.scheduler.TaskLocation> at = parent.context().getPreferredLocs(parent, shards[i]);
            Option<String> host = at.isEmpty() ? Option.empty() : Option.apply(at.head().host());
            groups[i] = new PartitionGroup(host);
            groups[i].partitions().addOne(parts[shards[i]]);
        }
        return groups;
    }
}
