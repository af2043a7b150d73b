package dev.lrsweep.io;

import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.run.Sweeps;
import dev.lrsweep.sweep.SweepConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sharded layout: which rows go to which shard, in what order, and the statistics, whatever the cluster. */
class ShardedDataTest {

    private static final String KEYS = "format: csv\nvalidation: 0.2\nstandardize: true\nvalidation_rows: 40\n";

    static List<Shard> shards(TrainingData d) {
        List<Shard> all = new java.util.ArrayList<>(d.shards().rdd().collect());
        all.sort(Comparator.comparingInt(Shard::index));
        return all;
    }

    static TrainingData withSplits(SweepConfig c, String maxPartitionBytes) {
        Supplier<TrainingData> load = () -> DataLoader.load(spark(), c);
        if (maxPartitionBytes == null) {
            return load.get();
        }
        spark().conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
        spark().conf().set("spark.sql.files.openCostInBytes", "0");
        try {
            return load.get();
        } finally {
            spark().conf().unset("spark.sql.files.maxPartitionBytes");
            spark().conf().unset("spark.sql.files.openCostInBytes");
        }
    }

    @Test
    @DisplayName("one shard holds exactly the replicated layout's rows, evaluation rows and statistics, bit for bit")
    void oneShardHoldsTheReplicatedRows() {
        Path file = Sweeps.write(Sweeps.workDir("one-shard").resolve("rows.csv"), DataLoaderTest.csv(301));
        TrainingData replicated = DataLoader.load(spark(), DataLoaderTest.config(file, KEYS, "logistic"));
        TrainingData sharded = DataLoader.load(spark(), DataLoaderTest.config(file, KEYS
                + "layout: sharded\nshards: 1", "logistic"));
        try {
            assertEquals("replicated", replicated.layout(), "auto picks replicated for small data");
            assertEquals("sharded", sharded.layout());
            DataBlock shard = shards(sharded).get(0).rows();
            assertArrayEquals(replicated.train().x(), shard.x());
            assertArrayEquals(replicated.train().y(), shard.y());
            assertArrayEquals(replicated.standardization().mean(), sharded.standardization().mean());
            assertArrayEquals(replicated.standardization().std(), sharded.standardization().std());
            assertArrayEquals(replicated.train().select(replicated.evalOrder()).x(), sharded.evaluation().x());
            assertArrayEquals(replicated.validation().x(), sharded.validation().x());
            assertEquals(40, sharded.validation().rows(), "data.validation_rows caps the validation rows evaluated");
            assertEquals(60, sharded.validationRows());
            assertNull(sharded.train());
        } finally {
            sharded.shards().release();
        }
    }

    @Test
    @DisplayName("rows go to the same shards in the same order, with the same statistics, however Spark splits the files")
    void shardsDoNotDependOnHowSparkSplitsTheFiles() {
        Path file = Sweeps.write(Sweeps.workDir("shards").resolve("rows.csv"), DataLoaderTest.csv(401));
        SweepConfig c = DataLoaderTest.config(file, KEYS + "layout: sharded\nshards: 3", "logistic");
        TrainingData whole = withSplits(c, null);
        TrainingData pieces = withSplits(c, "600");
        try {
            List<Shard> a = shards(whole);
            List<Shard> b = shards(pieces);
            assertEquals(3, a.size());
            long rows = 0;
            double[] seen = new double[0];
            for (int s = 0; s < 3; s++) {
                assertArrayEquals(a.get(s).positions(), b.get(s).positions());
                assertArrayEquals(a.get(s).rows().x(), b.get(s).rows().x());
                assertEquals(whole.shards().shardRows()[s], a.get(s).rows().rows());
                for (int i = 1; i < a.get(s).positions().length; i++) {
                    assertTrue(a.get(s).positions()[i] > a.get(s).positions()[i - 1], "input order inside a shard");
                }
                rows += a.get(s).rows().rows();
                seen = concat(seen, a.get(s).positions());
            }
            assertEquals(321, rows, "401 rows less round(0.2 × 401) held out");
            assertTrue(Math.abs(a.get(0).rows().rows() - a.get(2).rows().rows()) <= 1, "balanced shards");
            assertEquals(seen.length, Arrays.stream(seen).distinct().count(), "each row in one shard");
            assertArrayEquals(whole.standardization().mean(), pieces.standardization().mean());
            assertArrayEquals(whole.standardization().std(), pieces.standardization().std());
            assertArrayEquals(whole.evaluation().x(), pieces.evaluation().x());
            assertEquals(50, whole.evaluation().rows(), "train.eval_rows");
        } finally {
            whole.shards().release();
            pieces.shards().release();
        }
    }

    private static double[] concat(double[] a, long[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        for (int i = 0; i < b.length; i++) {
            out[a.length + i] = b[i];
        }
        return out;
    }

    @Test
    @DisplayName("auto picks the sharded layout above 1 GiB of packed rows, with about 128 MiB per shard")
    void autoPicksShardedAboveOneGibibyte() {
        Path file = Sweeps.workDir("auto").resolve("none.csv");
        SweepConfig.Data auto = DataLoaderTest.config(file, "format: csv", "linear").data();
        long rows = 10_000_000;
        assertEquals(new DataLoader.Layout("replicated", 1), DataLoader.layout(auto, rows,
                DataLoader.packedBytes(rows, 12, false)));
        long bytes = DataLoader.packedBytes(rows, 100, false);
        assertEquals(new DataLoader.Layout("sharded", (int) ((bytes + (128 << 20) - 1) / (128 << 20))),
                DataLoader.layout(auto, rows, bytes));
        SweepConfig.Data four = DataLoaderTest.config(file, "format: csv\nlayout: sharded\nshards: 4", "linear").data();
        assertEquals(new DataLoader.Layout("sharded", 4), DataLoader.layout(four, 100, 1000));
    }
}
