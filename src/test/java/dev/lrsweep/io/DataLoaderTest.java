package dev.lrsweep.io;

import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.run.Sweeps;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading, packing, splitting and standardising data with {@link DataLoader}. */
class DataLoaderTest {

    static SweepConfig config(Path data, String dataKeys, String model) {
        return SweepFile.parse("""
                seed: 42
                data:
                  path: %s
                %s
                model:
                  type: %s
                grid:
                  learning_rates: [0.1]
                  batch_sizes: [full]
                  optimizers: [sgd]
                train:
                  eval_rows: 50
                """.formatted(data, dataKeys.indent(2).stripTrailing(), model), "test");
    }

    static String csv(int n) {
        StringBuilder b = new StringBuilder("x0,x1,label\n");
        for (int i = 0; i < n; i++) {
            b.append(i).append(',').append(i * 0.5 - 7).append(',').append(i % 2).append('\n');
        }
        return b.toString();
    }

    @Test
    @DisplayName("without a cap, rows keep file order, and the packed rows and split do not depend on how Spark splits the file")
    void rowsKeepFileOrderAndTheSplitDoesNotDependOnPartitioning() {
        Path file = Sweeps.write(Sweeps.workDir("order").resolve("rows.csv"), csv(301));
        SweepConfig c = config(file, "format: csv\nvalidation: 0.2", "logistic");
        TrainingData whole = DataLoader.load(spark(), c);
        TrainingData pieces;
        spark().conf().set("spark.sql.files.maxPartitionBytes", "512");
        spark().conf().set("spark.sql.files.openCostInBytes", "0");
        try {
            pieces = DataLoader.load(spark(), c);
        } finally {
            spark().conf().unset("spark.sql.files.maxPartitionBytes");
            spark().conf().unset("spark.sql.files.openCostInBytes");
        }
        assertEquals(60, whole.validationRows(), "round(0.2 × 301)");
        assertEquals(241, whole.train().rows());
        assertArrayEquals(whole.train().x(), pieces.train().x());
        assertArrayEquals(whole.validation().x(), pieces.validation().x());
        double[] previous = {-1};
        for (DataBlock block : List.of(whole.train(), whole.validation())) {
            previous[0] = -1;
            for (int i = 0; i < block.rows(); i++) {
                assertTrue(block.feature(i, 0) > previous[0], "input order kept within each split");
                previous[0] = block.feature(i, 0);
            }
        }
        double[] all = new double[301];
        int k = 0;
        for (DataBlock block : List.of(whole.train(), whole.validation())) {
            for (int i = 0; i < block.rows(); i++) {
                all[k++] = block.feature(i, 0);
            }
        }
        Arrays.sort(all);
        for (int i = 0; i < 301; i++) {
            assertEquals(i, all[i], "every row lands in exactly one split");
        }
        TrainingData plain = DataLoader.load(spark(), config(file, "format: csv", "logistic"));
        for (int i = 0; i < 301; i++) {
            assertEquals(i, plain.train().feature(i, 0));
            assertEquals(i * 0.5 - 7, plain.train().feature(i, 1));
        }
        assertEquals(List.of("x0", "x1"), plain.featureNames());
    }

    @Test
    @DisplayName("max_rows samples exactly that many rows, kept in input order, the same ones however Spark splits the files")
    void maxRowsSamplesExactlyThatManyRowsTheSameOnesHoweverSparkSplitsTheFiles() {
        Path dir = Sweeps.workDir("sample");
        Path csvFile = Sweeps.write(dir.resolve("rows.csv"), csv(500));
        SweepConfig c = config(csvFile, "format: csv\nmax_rows: 120", "logistic");
        TrainingData one = DataLoader.load(spark(), c);
        TrainingData pieces;
        spark().conf().set("spark.sql.files.maxPartitionBytes", "700");
        spark().conf().set("spark.sql.files.openCostInBytes", "0");
        try {
            pieces = DataLoader.load(spark(), c);
        } finally {
            spark().conf().unset("spark.sql.files.maxPartitionBytes");
            spark().conf().unset("spark.sql.files.openCostInBytes");
        }
        assertEquals(120, one.train().rows());
        assertArrayEquals(one.train().x(), pieces.train().x());
        assertArrayEquals(one.train().y(), pieces.train().y());
        assertTrue(one.notes().get(0).contains("sampled 120 of the 500 rows"), one.notes().toString());
        for (int i = 1; i < 120; i++) {
            assertTrue(one.train().feature(i, 0) > one.train().feature(i - 1, 0), "input order kept");
        }
        assertTrue(one.train().feature(119, 0) - one.train().feature(0, 0) > 250, "spread over the whole input");
        assertArrayEquals(one.evalOrder(), pieces.evalOrder());
        assertEquals(50, one.evalOrder().length, "train.eval_rows caps the rows the training loss is evaluated on");
    }

    @Test
    @DisplayName("standardisation uses the training rows' mean and population std, applies them to validation, and leaves a constant feature at std 1")
    void standardisationUsesTheTrainingRowsStatistics() {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("name", DataTypes.StringType)
                .add("b", DataTypes.IntegerType).add("label", DataTypes.DoubleType);
        List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i * i * 0.1, "row" + i, 7, (double) (i % 3)));
        }
        Path file = Sweeps.workDir("standardise").resolve("rows.parquet");
        spark().createDataFrame(rows, schema).coalesce(1).write().parquet(file.toString());
        TrainingData d = DataLoader.load(spark(), config(file, "validation: 0.25\nstandardize: true", "softmax"));
        assertEquals(List.of("a", "b"), d.featureNames(), "every numeric column but the label, in schema order");
        assertEquals(3, d.classes(), "the largest label + 1");
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("name (string)")), d.notes().toString());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("feature b is constant")), d.notes().toString());
        Standardization s = d.standardization();
        assertEquals(1.0, s.std()[1]);
        assertEquals(7.0, s.mean()[1]);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < d.train().rows(); i++) {
            sum += d.train().feature(i, 0);
            squares += d.train().feature(i, 0) * d.train().feature(i, 0);
            assertEquals(0.0, d.train().feature(i, 1));
        }
        assertEquals(0.0, sum / d.train().rows(), 1e-12);
        assertEquals(1.0, squares / d.train().rows(), 1e-12);
        for (int i = 0; i < d.validation().rows(); i++) {
            double square = 10 * (d.validation().feature(i, 0) * s.std()[0] + s.mean()[0]);
            assertEquals(Math.rint(square), square, 1e-9, "validation standardised with the training statistics");
        }
        assertNull(DataLoader.load(spark(), config(file, "", "softmax")).standardization());
    }

    @Test
    @DisplayName("a libsvm file gives its vector column as features, named by position")
    void aLibsvmFileGivesItsVectorColumnAsFeatures() {
        Path file = Sweeps.write(Sweeps.workDir("libsvm").resolve("rows.txt"), "1 1:0.5 3:2\n0 2:1.5\n1 1:-1 2:1 3:1\n");
        TrainingData d = DataLoader.load(spark(), config(file, "format: libsvm", "logistic"));
        assertEquals(List.of("features[0]", "features[1]", "features[2]"), d.featureNames());
        assertArrayEquals(new double[] {0.5, 0, 2, 0, 1.5, 0, -1, 1, 1}, d.train().x());
        assertArrayEquals(new double[] {1, 0, 1}, d.train().y());
        assertNull(d.evalOrder(), "3 rows are fewer than train.eval_rows");
    }
}
