package dev.lrsweep.io;

import org.apache.spark.api.java.JavaRDD;

/**
 * The training rows of the sharded layout: one cached partition per shard (memory, then disk) on the executors.
 * Partition s holds shard s; the last partition, which carried the validation rows, holds nothing. A lost
 * partition is rebuilt from the input by Spark's lineage, to the same rows in the same order.
 *
 * @param shardRows each shard's rows
 */
public record ShardedRows(JavaRDD<Shard> rdd, long[] shardRows) {

    public int shards() {
        return shardRows.length;
    }

    public long smallestShard() {
        long least = Long.MAX_VALUE;
        for (long r : shardRows) {
            least = Math.min(least, r);
        }
        return least;
    }

    /** Drops the cached shards. */
    public void release() {
        rdd.unpersist(false);
    }
}
