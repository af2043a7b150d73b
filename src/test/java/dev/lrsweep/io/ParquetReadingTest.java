package dev.lrsweep.io;

import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.errors.DataException;
import dev.lrsweep.run.Sweeps;
import dev.lrsweep.sweep.SweepConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Plain Parquet files read by {@link ParquetRows} give what Spark SQL's reader gives, bit for bit. */
class ParquetReadingTest {

    private static final StructType TYPES = new StructType().add("label", DataTypes.DoubleType)
            .add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType).add("i", DataTypes.IntegerType)
            .add("l", DataTypes.LongType).add("s", DataTypes.ShortType).add("b", DataTypes.ByteType)
            .add("few", DataTypes.DoubleType, false).add("flag", DataTypes.BooleanType);

    /** 3 files of every numeric type, one column with few values (dictionary encoded), small row groups. */
    private static Path files(String name, int rows) {
        SplittableRandom random = new SplittableRandom(5);
        List<Row> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            data.add(RowFactory.create((double) (r % 2), random.nextGaussian() * 1e3, (float) random.nextGaussian(),
                    random.nextInt(), random.nextLong(), (short) random.nextInt(), (byte) random.nextInt(),
                    (double) (r % 3) / 7, r % 5 == 0));
        }
        Path dir = Sweeps.workDir(name).resolve("rows");
        spark().createDataFrame(data, TYPES).repartition(3).sortWithinPartitions("d").write()
                .option("parquet.block.size", "4096").parquet(dir.toString());
        return dir;
    }

    private static SweepConfig config(Path dir, String keys) {
        return DataLoaderTest.config(dir, "label: label\nfeatures: [d, f, i, l, s, b, few]\nvalidation: 0.2\n"
                + keys, "logistic");
    }

    @Test
    @DisplayName("plain Parquet files read without Spark SQL give the rows, split and statistics Spark SQL's reader gives, bit for bit")
    void plainParquetFilesGiveWhatSparkSqlGives() {
        Path dir = files("direct", 3000);
        for (String layout : List.of("", "layout: sharded\nshards: 2\n")) {
            SweepConfig direct = config(dir, layout + "standardize: true");
            SweepConfig sql = config(dir, layout + "standardize: true\noptions: {mergeSchema: 'false'}");
            assertNotNull(ParquetFiles.open(fs(), statuses(dir), direct.data(), source(dir), null), "read directly");
            assertNull(ParquetFiles.open(fs(), statuses(dir), sql.data(), source(dir), null),
                    "reader options go through Spark SQL");
            TrainingData a = DataLoader.load(spark(), direct);
            TrainingData b = DataLoader.load(spark(), sql);
            assertEquals(b.trainingRows(), a.trainingRows());
            assertArrayEquals(b.standardization().mean(), a.standardization().mean());
            assertArrayEquals(b.standardization().std(), a.standardization().std());
            assertArrayEquals(b.validation().x(), a.validation().x());
            assertArrayEquals(b.validation().y(), a.validation().y());
            if (layout.isEmpty()) {
                assertArrayEquals(b.train().x(), a.train().x());
                assertArrayEquals(b.train().y(), a.train().y());
                assertArrayEquals(b.evalOrder(), a.evalOrder());
            } else {
                List<Shard> sa = ShardedDataTest.shards(a);
                List<Shard> sb = ShardedDataTest.shards(b);
                for (int s = 0; s < 2; s++) {
                    assertArrayEquals(sb.get(s).rows().x(), sa.get(s).rows().x(), "shard " + s);
                    assertArrayEquals(sb.get(s).rows().y(), sa.get(s).rows().y(), "shard " + s);
                }
                assertArrayEquals(b.evaluation().x(), a.evaluation().x());
                a.shards().rdd().unpersist(false);
                b.shards().rdd().unpersist(false);
            }
        }
    }

    @Test
    @DisplayName("nulls, NaN, plain and dictionary pages of both data page versions read as Spark SQL reads them")
    void nullsAndPlainAndDictionaryPagesReadAsSparkSqlReadsThem() {
        StructType t = new StructType().add("id", DataTypes.LongType).add("d", DataTypes.DoubleType)
                .add("f", DataTypes.FloatType).add("i", DataTypes.IntegerType).add("few", DataTypes.DoubleType);
        SplittableRandom random = new SplittableRandom(9);
        List<Row> data = new ArrayList<>();
        for (long r = 0; r < 20_000; r++) {
            data.add(RowFactory.create(r, r % 7 == 0 ? null : r % 11 == 0 ? Double.NaN : random.nextDouble(),
                    r % 5 == 0 ? null : (float) random.nextGaussian(), r % 3 == 0 ? null : random.nextInt(),
                    r % 13 == 0 ? null : (double) (r % 4)));
        }
        for (String version : List.of("v1 true", "v1 false", "v2 true", "v2 false")) {
            Path dir = Sweeps.workDir("pages").resolve("rows");
            spark().createDataFrame(data, t).repartition(2).write()
                    .option("parquet.writer.version", version.split(" ")[0])
                    .option("parquet.enable.dictionary", version.split(" ")[1])
                    .option("parquet.page.size", "8192").parquet(dir.toString());
            SweepConfig c = DataLoaderTest.config(dir, "label: id\nfeatures: [d, f, i, few]", "linear");
            ParquetFiles.Direct direct = ParquetFiles.open(fs(), statuses(dir), c.data(), source(dir), null);
            List<String> columns = List.of("id", "d", "f", "i", "few");
            List<List<Double>> read = new ArrayList<>(values(direct, columns));
            List<List<Double>> spark = new ArrayList<>();
            for (Row r : spark().read().parquet(dir.toString()).selectExpr("CAST(id AS DOUBLE)", "CAST(d AS DOUBLE)",
                    "CAST(f AS DOUBLE)", "CAST(i AS DOUBLE)", "few").collectAsList()) {
                List<Double> v = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    v.add(r.isNullAt(i) ? null : r.getDouble(i));
                }
                spark.add(v);
            }
            java.util.Comparator<List<Double>> byId = java.util.Comparator.comparing(v -> v.get(0));
            read.sort(byId);
            spark.sort(byId);
            assertEquals(spark, read, version);
        }
    }

    @Test
    @DisplayName("a large file is read a row group per task, and its rows come in file order all the same")
    void aLargeFileIsReadARowGroupPerTask() {
        Path dir = files("row-groups", 3000);
        SweepConfig c = config(dir, "");
        ParquetFiles.Direct whole = ParquetFiles.open(fs(), statuses(dir), c.data(), source(dir), null);
        ParquetFiles.Direct groups = ParquetFiles.open(fs(), statuses(dir), c.data(), source(dir), null, 1);
        assertEquals(3, whole.parts().size(), "a task per file");
        assertTrue(groups.parts().size() > 6, "a task per row group: " + groups.parts().size());
        assertEquals(values(whole), values(groups));
    }

    @Test
    @DisplayName("a file without a column the first file has is refused in one line naming the file and the column")
    void aFileWithoutAColumnIsRefused() {
        Path dir = files("missing", 300);
        StructType fewer = new StructType().add("label", DataTypes.DoubleType).add("d", DataTypes.DoubleType);
        Path other = dir.resolveSibling("fewer");
        spark().createDataFrame(List.of(RowFactory.create(1.0, 2.0)), fewer).coalesce(1).write()
                .parquet(other.toString());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(other)) {
            Path last = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
            java.nio.file.Files.move(last, dir.resolve("part-99999.parquet")); // after the others by name
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(spark(), config(dir, "")));
        assertEquals("data.path " + dir + " cannot be read as parquet: part-99999.parquet has no column f, unlike the"
                + " data set's first file", e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    @DisplayName("bad values in plain Parquet files, checked as the rows are packed, are refused in the line Spark SQL's path gives")
    void badValuesAreRefusedInTheLineSparkSqlsPathGives() {
        StructType t = new StructType().add("label", DataTypes.DoubleType).add("d", DataTypes.DoubleType)
                .add("f", DataTypes.DoubleType);
        Path good = Sweeps.workDir("good").resolve("rows");
        Path bad = Sweeps.workDir("bad").resolve("rows");
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 400; r++) {
            rows.add(RowFactory.create((double) (r % 2), (double) r, r * 0.5));
        }
        spark().createDataFrame(rows, t).repartition(2).write().parquet(good.toString());
        rows.set(7, RowFactory.create(0.0, Double.NaN, null));
        rows.set(300, RowFactory.create(2.0, 3.0, 4.0));
        rows.set(301, RowFactory.create(null, 3.0, Double.NEGATIVE_INFINITY));
        spark().createDataFrame(rows, t).repartition(2).write().parquet(bad.toString());
        String features = "label: label\nfeatures: [d, f]\n";
        String sparkSql = "options: {mergeSchema: 'false'}\n";
        for (String keys : List.of("validation: 0.2\n", "validation: 0.2\nlayout: sharded\nshards: 2\n",
                "validation: " + bad + "\nlayout: sharded\nshards: 2\n", "validation: " + bad + "\n")) {
            Path train = keys.contains(bad.toString()) ? good : bad;
            SweepConfig direct = DataLoaderTest.config(train, features + keys, "logistic");
            SweepConfig sql = DataLoaderTest.config(train, features + keys + sparkSql, "logistic");
            assertNotNull(ParquetFiles.open(fs(), statuses(bad), direct.data(), source(bad), null), "read directly");
            DataException a = assertThrows(DataException.class, () -> DataLoader.load(spark(), direct), keys);
            DataException b = assertThrows(DataException.class, () -> DataLoader.load(spark(), sql), keys);
            assertEquals(b.getMessage(), a.getMessage(), keys);
            assertTrue(a.getMessage().contains("column d has 1 NaN value; column f has 1 null and 1 infinite"
                    + " values"), a.getMessage());
            assertEquals(1, a.getMessage().lines().count());
        }
        spark().createDataFrame(rows.subList(200, 400), t).coalesce(1).write().mode("overwrite")
                .parquet(bad.toString());
        DataException labels = assertThrows(DataException.class, () -> DataLoader.load(spark(),
                DataLoaderTest.config(bad, features.replace("[d, f]", "[d]"), "logistic")));
        assertEquals("data.path " + bad + ": label column label has 1 null value; set data.drop_invalid: true to drop"
                + " the rows that have such values", labels.getMessage());
        rows.set(301, RowFactory.create(1.0, 3.0, 4.0));
        spark().createDataFrame(rows.subList(200, 400), t).coalesce(1).write().mode("overwrite")
                .parquet(bad.toString());
        DataException outside = assertThrows(DataException.class, () -> DataLoader.load(spark(),
                DataLoaderTest.config(bad, features, "logistic")));
        assertEquals("data.path " + bad + ": label column label has 1 value outside {0, 1}, which logistic regression"
                + " needs, e.g. 2", outside.getMessage());
    }

    @Test
    @DisplayName("partition directories, drop_invalid and string features go through Spark SQL, which knows them")
    void partitionDirectoriesGoThroughSparkSql() {
        Path dir = Sweeps.workDir("partitioned").resolve("rows");
        StructType t = new StructType().add("label", DataTypes.DoubleType).add("x", DataTypes.DoubleType)
                .add("part", DataTypes.IntegerType).add("name", DataTypes.StringType);
        spark().createDataFrame(List.of(RowFactory.create(0.0, 1.0, 1, "a"), RowFactory.create(1.0, 2.0, 2, "3")), t)
                .write().partitionBy("part").parquet(dir.toString());
        SweepConfig c = DataLoaderTest.config(dir, "label: label\nfeatures: [x, part]", "logistic");
        assertNull(ParquetFiles.open(fs(), statuses(dir), c.data(), source(dir), null));
        assertEquals(List.of("x", "part"), DataLoader.load(spark(), c).featureNames());
        Path flat = Sweeps.workDir("flat").resolve("rows");
        spark().createDataFrame(List.of(RowFactory.create(0.0, 1.0, 1, "a")), t).write().parquet(flat.toString());
        for (String keys : List.of("label: label\nfeatures: [x]\ndrop_invalid: true", "label: label")) {
            SweepConfig other = DataLoaderTest.config(flat, keys, "logistic");
            assertNull(ParquetFiles.open(fs(), statuses(flat), other.data(), source(flat), null), keys);
        }
        SweepConfig named = DataLoaderTest.config(flat, "label: label\nfeatures: [x, part]", "logistic");
        assertNotNull(ParquetFiles.open(fs(), statuses(flat), named.data(), source(flat), null),
                "a string column that is not a feature is left alone");
    }

    private static List<List<Double>> values(ParquetFiles.Direct direct) {
        return values(direct, List.of("label", "d", "f", "i", "l", "s", "b", "few"));
    }

    /** The parts' rows as ParquetRows reads them, null for null. */
    private static List<List<Double>> values(ParquetFiles.Direct direct, List<String> columns) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        return jsc.parallelize(direct.parts(), direct.parts().size())
                .mapPartitions(new ParquetRows(SerializableConfiguration.broadcast(spark().sparkContext()), columns))
                .map((InternalRow r) -> {
                    List<Double> v = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        v.add(r.isNullAt(i) ? null : r.getDouble(i));
                    }
                    return v;
                }).collect();
    }

    private static FileSystem fs() {
        try {
            return FileSystem.getLocal(spark().sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FileStatus[] statuses(Path dir) {
        try {
            return fs().globStatus(new org.apache.hadoop.fs.Path(dir.toString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Source source(Path dir) {
        return new Source("data.path", dir.toString());
    }
}
