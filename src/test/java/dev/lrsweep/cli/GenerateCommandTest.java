package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GenerateCommandTest {
    static final Path ROOT = Path.of("target", "generate-test").toAbsolutePath();
    static SparkSession spark;

    @BeforeAll
    static void start() throws IOException {
        spark = TestSpark.session();
        delete(ROOT);
        Files.createDirectories(ROOT);
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static MainTest.Outcome generate(String... args) {
        return MainTest.run(Stream.concat(Stream.of("generate"), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    @DisplayName("a logistic Parquet set has the columns x0 … x4 and label, the rows asked for and 0/1 labels")
    void aLogisticParquetSetHasTheFeatureColumnsTheRowsAnd01Labels() {
        String out = ROOT.resolve("logistic").toString();
        MainTest.Outcome o = generate("--kind", "logistic", "--rows", "1000", "--features", "5", "--condition", "100",
                "--output", out);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("wrote 1000 rows × 5 features (logistic, condition 100, rotated, noise 1, seed 0) as parquet to "), o.out());
        assertTrue(o.out().contains(out), o.out());
        Dataset<Row> d = spark.read().parquet(out);
        assertArrayEquals(new String[] {"x0", "x1", "x2", "x3", "x4", "label"}, d.columns());
        assertEquals(1000, d.count());
        List<Row> labels = d.groupBy("label").count().orderBy("label").collectAsList();
        assertEquals(2, labels.size());
        assertEquals(0.0, labels.get(0).getDouble(0));
        assertEquals(1.0, labels.get(1).getDouble(0));
        assertTrue(labels.get(0).getLong(1) > 250 && labels.get(1).getLong(1) > 250, labels.toString());
    }

    @Test
    @DisplayName("a linear CSV set reads back with a header and real-valued labels")
    void aLinearCsvSetReadsBackWithAHeaderAndRealLabels() {
        String out = ROOT.resolve("linear-csv").toString();
        MainTest.Outcome o = generate("--kind", "linear", "--rows", "300", "--features", "3", "--format", "csv",
                "--noise", "0.5", "--output", out);
        assertEquals(0, o.code(), o.err());
        Dataset<Row> d = spark.read().option("header", "true").option("inferSchema", "true").csv(out);
        assertArrayEquals(new String[] {"x0", "x1", "x2", "label"}, d.columns());
        assertEquals(300, d.count());
        assertEquals("double", d.schema().apply("label").dataType().typeName());
    }

    @Test
    @DisplayName("a softmax libsvm set has a features vector and labels 0 … C−1")
    void aSoftmaxLibsvmSetHasAFeaturesVectorAndLabels0ToCMinus1() {
        String out = ROOT.resolve("softmax-libsvm").toString();
        MainTest.Outcome o = generate("--kind", "softmax", "--classes", "4", "--rows", "800", "--features", "6",
                "--format", "libsvm", "--output", out);
        assertEquals(0, o.code(), o.err());
        Dataset<Row> d = spark.read().format("libsvm").option("numFeatures", "6").load(out);
        assertEquals(800, d.count());
        List<Row> labels = d.groupBy("label").count().orderBy("label").collectAsList();
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), labels.stream().map(r -> r.getDouble(0)).toList());
        org.apache.spark.ml.linalg.Vector v = d.first().getAs("features");
        assertEquals(6, v.size());
    }

    @Test
    @DisplayName("the same options give the same rows")
    void theSameOptionsGiveTheSameRows() {
        String a = ROOT.resolve("same-a").toString();
        String b = ROOT.resolve("same-b").toString();
        List<String> args = List.of("--kind", "softmax", "--rows", "500", "--features", "4", "--condition", "30",
                "--seed", "11", "--output");
        assertEquals(0, generate(Stream.concat(args.stream(), Stream.of(a)).toArray(String[]::new)).code());
        assertEquals(0, generate(Stream.concat(args.stream(), Stream.of(b)).toArray(String[]::new)).code());
        Dataset<Row> da = spark.read().parquet(a);
        Dataset<Row> db = spark.read().parquet(b);
        assertEquals(500, da.count());
        assertEquals(0, da.exceptAll(db).count());
        assertEquals(0, db.exceptAll(da).count());
        String c = ROOT.resolve("same-c").toString();
        assertEquals(0, generate("--kind", "softmax", "--rows", "500", "--features", "4", "--condition", "30",
                "--seed", "12", "--output", c).code());
        assertEquals(500, da.exceptAll(spark.read().parquet(c)).count(), "another seed, other rows");
    }

    @Test
    @DisplayName("an existing output is refused unless overwrite is given")
    void anExistingOutputIsRefusedUnlessOverwriteIsGiven() {
        String out = ROOT.resolve("existing").toString();
        assertEquals(0, generate("--kind", "linear", "--rows", "10", "--features", "2", "--output", out).code());
        MainTest.Outcome refused = generate("--kind", "linear", "--rows", "20", "--features", "2", "--output", out);
        assertEquals(2, refused.code());
        assertEquals(List.of("lrsweep: output " + out + " exists; add --overwrite to replace it"), refused.errLines());
        assertEquals(10, spark.read().parquet(out).count());
        MainTest.Outcome replaced = generate("--kind", "linear", "--rows", "20", "--features", "2", "--output", out,
                "--overwrite");
        assertEquals(0, replaced.code(), replaced.err());
        assertEquals(20, spark.read().parquet(out).count());
    }

    @Test
    @DisplayName("options that do not fit the kind are usage errors")
    void optionsThatDoNotFitTheKindAreUsageErrors() {
        String out = ROOT.resolve("never").toString();
        MainTest.Outcome classes = generate("--kind", "logistic", "--classes", "3", "--rows", "10", "--features", "2",
                "--output", out);
        assertEquals(2, classes.code());
        assertEquals("lrsweep: --classes applies to --kind softmax only", classes.errLines().get(0));
        MainTest.Outcome kind = generate("--kind", "poisson", "--rows", "10", "--features", "2", "--output", out);
        assertEquals(2, kind.code());
        assertTrue(kind.errLines().get(0).contains("expected linear, logistic or softmax"), kind.err());
        MainTest.Outcome condition = generate("--kind", "linear", "--rows", "10", "--features", "2", "--condition",
                "0.5", "--output", out);
        assertEquals(2, condition.code());
        assertTrue(condition.errLines().get(0).startsWith("lrsweep: --condition"), condition.err());
        assertTrue(Files.notExists(Path.of(out)));
    }

    @Test
    @DisplayName("partitions grow with the data and use the cores when there is enough to share")
    void partitionsGrowWithTheDataAndUseTheCoresWhenThereIsEnoughToShare() {
        assertEquals(1, GenerateCommand.partitions(500, 5, 8));
        assertEquals(2, GenerateCommand.partitions(20_000, 20, 2));
        assertEquals(27, GenerateCommand.partitions(5_000_000, 20, 2));
        assertTrue(IntStream.of(1, 2, 16).allMatch(p -> GenerateCommand.partitions(1, 1, p) == 1));
    }
}
