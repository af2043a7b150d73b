package dev.lrsweep.io;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.data.DataBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Packs a checked data set's rows for the trainer, in either layout, from their {@link RowRoles roles}.
 *
 * <p><b>Replicated</b>: the executors pack the rows into chunks, one per input split, and the driver fetches them
 * a group of splits at a time (one per core, at most {@value #MAX_GROUP}) and copies each straight to its place
 * (the driver knows, from the splits' row counts and the roles, how many training rows come before each split); no
 * row goes through Spark's row objects.
 *
 * <p><b>Sharded</b>: the chunks are shuffled to their shards. A first job over the shuffled chunks gives each
 * shard's standardisation part and the rows the losses are evaluated on (capped, so they fit the driver); a
 * second builds the shards, standardised, and caches them. No training row reaches the driver.
 */
final class Packing {
    /** The most values one Java array can hold. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;
    /** The values of a chunk the sharded layout shuffles: 8 MB, so that a task's buffers stay small. */
    static final long CHUNK_VALUES = 1 << 20;
    /** The most input splits the replicated layout fetches in one job (their chunks wait on the driver). */
    static final int MAX_GROUP = 4;

    private Packing() {
    }

    /**
     * The rows of a replicated layout, on the driver, not yet standardised.
     *
     * @param checks the data checks made as the rows were packed ({@link DataReader.Checked#pending}), else null
     */
    record Replicated(double[] x, double[] y, int[] evalOrder, double[] validationX, double[] validationY,
                      RowChecks checks) {
    }

    static Replicated replicated(DataReader.Checked data, RowRoles roles, boolean float32) {
        int d = data.features();
        long trainingRows = roles.trainingRows();
        if (trainingRows * Math.max(d, 1) > MAX_VALUES) {
            throw data.source().problem(trainingRows + " training rows × " + d + " features are more values than"
                    + " one array holds; set data.layout: sharded, or data.max_rows to sample fewer rows");
        }
        // where each split's training rows start, and which training rows the training loss is evaluated on
        List<Map.Entry<SourceRows.Split, Long>> splits = new ArrayList<>(data.firstPositions().entrySet());
        splits.sort(Map.Entry.comparingByValue());
        java.util.TreeMap<Long, Integer> destination = new java.util.TreeMap<>();
        int[] eval = new int[roles.evaluatesSubset() ? (int) roles.evalRows() : 0];
        int evaluated = 0;
        int placed = 0;
        for (int k = 0; k < splits.size(); k++) {
            long from = splits.get(k).getValue();
            long to = k + 1 < splits.size() ? splits.get(k + 1).getValue() : data.rows();
            destination.put(from, placed);
            for (long p = from; p < to; p++) {
                long r = roles.rank(p);
                if (roles.target(r) == 0) {
                    if (roles.evaluatesSubset() && roles.evaluated(r)) {
                        eval[evaluated++] = placed;
                    }
                    placed++;
                }
            }
        }
        int n = (int) trainingRows;
        double[] x = new double[n * d];
        double[] y = new double[n];
        List<RowChunk> validation = new ArrayList<>();
        List<RowChunk> checks = new ArrayList<>();
        JavaSparkContext jsc = data.context();
        Broadcast<Map<SourceRows.Split, Long>> first = jsc.broadcast(data.firstPositions());
        try {
            JavaPairRDD<Integer, RowChunk> packed = data.internalRows().mapPartitionsToPair(new RowPacker(
                    data.columns(), d, float32, roles, first, Long.MAX_VALUE, data.pendingRule()));
            // A job per group of splits, one per core up to MAX_GROUP: they pack in parallel, and the driver holds
            // at most one group's chunks besides the block. Each lands at its place, whatever order they come in.
            int partitions = packed.getNumPartitions();
            int group = Math.max(1, Math.min(MAX_GROUP, jsc.defaultParallelism()));
            for (int from = 0; from < partitions; from += group) {
                int[] ids = IntStream.range(from, Math.min(partitions, from + group)).toArray();
                List<Tuple2<Integer, RowChunk>>[] parts = DataReader.action(data.source(), data.format(),
                        () -> packed.collectPartitions(ids));
                for (int i = 0; i < parts.length; i++) {
                    for (Tuple2<Integer, RowChunk> t : parts[i]) {
                        RowChunk c = t._2();
                        if (t._1() == roles.validationTarget()) {
                            validation.add(c);
                            continue;
                        }
                        if (t._1() == roles.checksTarget()) {
                            checks.add(c);
                            continue;
                        }
                        int at = destination.floorEntry(c.first()).getValue();
                        System.arraycopy(c.x(), 0, x, at * d, c.rows() * d);
                        System.arraycopy(c.y(), 0, y, at, c.rows());
                    }
                    parts[i] = null; // copied: its chunks may go
                }
            }
        } finally {
            first.destroy();
        }
        validation.sort(Comparator.comparingLong(RowChunk::first));
        Object[] v = Shard.concat(validation, d);
        return new Replicated(x, y, roles.evaluatesSubset() ? java.util.Arrays.copyOf(eval, evaluated) : null,
                validation.isEmpty() ? null : (double[]) v[1], validation.isEmpty() ? null : (double[]) v[2],
                RowChunk.checks(checks));
    }

    /**
     * What the first job learns of each shard, of the validation rows (in the partition after the shards) and of
     * the data checks made as the rows were packed (in the last partition, {@code checks}).
     */
    @DefaultSerializer(JavaSerializer.class)
    record Summary(int partition, long rows, Standardization.Part part, RowChunk evaluated, RowChecks checks)
            implements Serializable {
    }

    /**
     * The sharded rows, and on the driver the rows the losses are evaluated on, not yet standardised.
     *
     * @param checks the data checks made as the rows were packed ({@link DataReader.Checked#pending}), else null
     */
    record Sharded(JavaPairRDD<Integer, RowChunk> chunks, List<Summary> summaries, RowChunk evaluated,
                   RowChunk validation, RowChecks checks) {
    }

    static Sharded shuffle(DataReader.Checked data, RowRoles roles, boolean float32, boolean standardize) {
        int d = data.features();
        int shards = roles.shards();
        JavaSparkContext jsc = data.context();
        Broadcast<Map<SourceRows.Split, Long>> first = jsc.broadcast(data.firstPositions());
        JavaPairRDD<Integer, RowChunk> chunks = data.internalRows()
                .mapPartitionsToPair(new RowPacker(data.columns(), d, float32, roles, first, CHUNK_VALUES,
                        data.pendingRule()))
                .partitionBy(new TargetPartitioner(roles.checksTarget() + 1));
        List<Summary> summaries = new ArrayList<>(DataReader.action(data.source(), data.format(), () -> chunks
                .mapPartitionsWithIndex((p, it) -> p == roles.checksTarget()
                        ? List.of(new Summary(p, 0, null, null, RowChunk.checks(Shard.chunks(it)))).iterator()
                        : summary(p, Shard.sorted(it), d, roles, standardize), true)
                .collect()));
        summaries.sort(Comparator.comparingInt(Summary::partition));
        List<RowChunk> evaluated = new ArrayList<>();
        for (Summary s : summaries.subList(0, shards)) {
            if (s.evaluated() != null) {
                evaluated.add(s.evaluated());
            }
        }
        evaluated.sort(Comparator.comparingLong(RowChunk::first));
        Object[] e = Shard.concat(evaluated, d);
        return new Sharded(chunks, summaries.subList(0, shards),
                new RowChunk((long[]) e[0], (double[]) e[1], (double[]) e[2]), summaries.get(shards).evaluated(),
                summaries.get(roles.checksTarget()).checks());
    }

    private static Iterator<Summary> summary(int p, List<RowChunk> chunks, int d, RowRoles roles,
                                             boolean standardize) {
        Object[] rows = Shard.concat(chunks, d);
        long[] positions = (long[]) rows[0];
        double[] x = (double[]) rows[1];
        double[] y = (double[]) rows[2];
        if (p == roles.validationTarget()) {
            return List.of(new Summary(p, y.length, null, new RowChunk(positions, x, y), null)).iterator();
        }
        Standardization.Part part = standardize ? Standardization.Part.of(x, y.length, d) : null;
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            if (roles.evaluated(roles.rank(positions[i]))) {
                kept.add(i);
            }
        }
        long[] ep = new long[kept.size()];
        double[] ex = new double[kept.size() * d];
        double[] ey = new double[kept.size()];
        for (int k = 0; k < ep.length; k++) {
            int i = kept.get(k);
            ep[k] = positions[i];
            System.arraycopy(x, i * d, ex, k * d, d);
            ey[k] = y[i];
        }
        return List.of(new Summary(p, y.length, part, ep.length == 0 ? null : new RowChunk(ep, ex, ey), null))
                .iterator();
    }

    /** Builds and caches the shards from the shuffled chunks, standardised when the statistics are given. */
    static ShardedRows cache(Sharded sharded, RowRoles roles, int d, Standardization standardization,
                             boolean float32, String name) {
        int shards = roles.shards();
        JavaRDD<Shard> rdd = sharded.chunks().mapPartitionsWithIndex((p, it) -> p < shards
                ? List.of(Shard.build(p, Shard.sorted(it), d, standardization, float32)).iterator()
                : java.util.Collections.<Shard>emptyIterator(), true)
                .setName(name).persist(StorageLevel.MEMORY_AND_DISK());
        long[] rows = new long[shards];
        for (int s = 0; s < shards; s++) {
            rows[s] = roles.shardRows(s);
        }
        long built = rdd.count();
        if (built != shards) {
            throw new IllegalStateException("built " + built + " shards, not " + shards);
        }
        return new ShardedRows(rdd, rows);
    }

    /** Sends target t to partition t. */
    static final class TargetPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        TargetPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TargetPartitioner t && t.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /**
     * The rows of a separate validation set that are evaluated, on the driver, in input order, with the data checks
     * made as they were packed ({@link DataReader.Checked#pending}), else null.
     */
    static RowChunk validationSubset(DataReader.Checked data, RowRoles roles, boolean float32) {
        int d = data.features();
        JavaSparkContext jsc = data.context();
        Broadcast<Map<SourceRows.Split, Long>> first = jsc.broadcast(data.firstPositions());
        try {
            List<Tuple2<Integer, RowChunk>> packed = DataReader.action(data.source(), data.format(),
                    () -> data.internalRows().mapPartitionsToPair(new RowPacker(data.columns(), d, float32, roles,
                            first, CHUNK_VALUES, data.pendingRule())).collect());
            List<RowChunk> chunks = new ArrayList<>();
            List<RowChunk> checks = new ArrayList<>();
            for (Tuple2<Integer, RowChunk> t : packed) {
                (t._1() == roles.checksTarget() ? checks : chunks).add(t._2());
            }
            chunks.sort(Comparator.comparingLong(RowChunk::first));
            Object[] v = Shard.concat(chunks, d);
            return new RowChunk((long[]) v[0], (double[]) v[1], (double[]) v[2], RowChunk.checks(checks));
        } finally {
            first.destroy();
        }
    }

    /** A block of the chunk's rows. */
    static DataBlock block(RowChunk c, int d, boolean float32) {
        return DataBlock.of(c.rows(), d, c.x(), c.y(), float32);
    }
}
