package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.Sweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code lrsweep run} refuses data it cannot use with one line that names the file and the column, exit code 3,
 * and writes nothing: no output directory, no staging directory.
 */
class RunRefusesBadDataTest {

    /** A refused case: writes its data into the directory and returns the sweep file's data and model keys. */
    record Case(String name, Function<Path, String> setup, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final StructType XYZ = new StructType().add("x0", DataTypes.DoubleType).add("x1", DataTypes.DoubleType)
            .add("label", DataTypes.DoubleType);

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("a missing path", d -> data(d.resolve("nowhere.parquet"), "", "linear"),
                List.of("data.path ", "nowhere.parquet does not exist")));
        cases.add(new Case("a file that is not Parquet", d -> data(Sweeps.write(d.resolve("text.parquet"), "x0,label\n1,2\n"),
                "", "linear"), List.of("data.path ", "text.parquet cannot be read as parquet: ", "is not a Parquet file")));
        cases.add(new Case("a missing label column", d -> data(good(d), "  label: lable\n", "linear"),
                List.of("has no label column lable (did you mean label?)")));
        cases.add(new Case("a missing feature column", d -> data(good(d), "  features: [x0, x_1]\n", "linear"),
                List.of("has no feature column x_1 (did you mean x1?)")));
        cases.add(new Case("a text feature column", d -> {
            StructType schema = XYZ.add("colour", DataTypes.StringType);
            return data(table(d, schema, RowFactory.create(1.0, 2.0, 0.0, "red")), "  features: [x0, colour]\n", "linear");
        }, List.of("feature column colour is string, not numeric")));
        cases.add(new Case("null and NaN features", d -> data(table(d, XYZ, rows(
                new Double[] {1.0, null, 0.0}, new Double[] {1.0, null, 0.0}, new Double[] {1.0, Double.NaN, 1.0},
                new Double[] {1.0, Double.NaN, 1.0}, new Double[] {1.0, Double.NaN, 1.0}, new Double[] {1.0, 2.0, 1.0})),
                "", "linear"), List.of("column x1 has 2 null and 3 NaN values; set data.drop_invalid: true to drop the"
                + " rows that have such values")));
        cases.add(new Case("an infinite label", d -> data(table(d, XYZ, rows(new Double[] {1.0, 2.0, 0.5},
                new Double[] {1.0, 2.0, Double.NEGATIVE_INFINITY})), "", "linear"),
                List.of("label column label has 1 infinite value")));
        cases.add(new Case("an empty data set", d -> data(table(d, XYZ), "", "linear"), List.of("has no rows")));
        cases.add(new Case("labels outside {0, 1} for logistic regression", d -> data(table(d, XYZ, rows(
                new Double[] {1.0, 2.0, 0.0}, new Double[] {1.0, 2.0, 2.0}, new Double[] {1.0, 2.0, 2.0},
                new Double[] {1.0, 2.0, 3.0})), "", "logistic"),
                List.of("label column label has 3 values outside {0, 1}", "e.g. 2")));
        cases.add(new Case("a fractional class for softmax", d -> data(table(d, XYZ, rows(
                new Double[] {1.0, 2.0, 0.0}, new Double[] {1.0, 2.0, 1.5}, new Double[] {1.0, 2.0, 2.0})), "", "softmax"),
                List.of("label column label has 1 value that is not a class index", "e.g. 1.5")));
        cases.add(new Case("a class beyond model.classes", d -> data(table(d, XYZ, rows(
                new Double[] {1.0, 2.0, 0.0}, new Double[] {1.0, 2.0, 3.0}, new Double[] {1.0, 2.0, 2.0})), "",
                "softmax\n  classes: 3"), List.of("not a class index 0 to 2 (model.classes 3), e.g. 3")));
        cases.add(new Case("vectors of mixed lengths", d -> {
            StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
            return data(table(d, schema, RowFactory.create(Vectors.dense(1, 2, 3), 0.0),
                    RowFactory.create(Vectors.dense(1, 2, 3, 4), 1.0)), "  features: features\n", "linear");
        }, List.of("column features holds vectors of mixed lengths, 3 to 4 values")));
        cases.add(new Case("a validation set without a feature column", d -> {
            Path validation = table(d.resolve("v"), new StructType().add("x0", DataTypes.DoubleType)
                    .add("label", DataTypes.DoubleType), RowFactory.create(1.0, 1.0));
            return data(good(d), "  validation: " + validation + "\n", "linear");
        }, List.of("data.validation ", "has no feature column x1")));
        cases.add(new Case("a CSV column with a word among its numbers", d -> data(
                Sweeps.write(d.resolve("words.csv"), "x0,x1,label\n1,2,3\n4,five,6\n"),
                "  format: csv\n  features: [x0, x1]\n", "linear"), List.of("feature column x1 is string, not numeric: it"
                + " holds numbers but for 1 of its 2 values: row 2 (not counting the header) holds 'five'; fix it, or"
                + " set data.drop_invalid: true to drop such rows")));
        cases.add(new Case("a directory of CSV files read as Parquet", d -> data(csvFiles(d), "", "linear"),
                List.of("data.path ", "csv cannot be read as parquet: ", "part-00000.csv is not a Parquet file")));
        cases.add(new Case("a directory of CSV files read as ORC", d -> data(csvFiles(d), "  format: orc\n", "linear"),
                List.of("cannot be read as orc: ", "part-00000.csv is not an ORC file")));
        cases.add(new Case("a directory of CSV files read as JSON", d -> data(csvFiles(d), "  format: json\n", "linear"),
                List.of("cannot be read as json: some lines are not JSON records")));
        cases.add(new Case("Parquet files read as ORC", d -> data(good(d), "  format: orc\n", "linear"),
                List.of("good.parquet cannot be read as orc: ", "is not an ORC file")));
        cases.add(new Case("a text label column", d -> {
            StructType schema = new StructType().add("x0", DataTypes.DoubleType).add("label", DataTypes.StringType);
            return data(table(d, schema, RowFactory.create(1.0, "yes")), "", "logistic");
        }, List.of("label column label is string, not numeric")));
        cases.add(new Case("no numeric feature besides the label", d -> {
            StructType schema = new StructType().add("name", DataTypes.StringType).add("label", DataTypes.DoubleType);
            return data(table(d, schema, RowFactory.create("a", 1.0)), "", "linear");
        }, List.of("has no numeric feature columns besides the label label")));
        cases.add(new Case("an infinite value inside a vector", d -> {
            StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
            return data(table(d, schema, RowFactory.create(Vectors.dense(1, Double.POSITIVE_INFINITY), 0.0),
                    RowFactory.create(Vectors.dense(1, 2), 1.0)), "  features: features\n", "linear");
        }, List.of("column features has 1 infinite value inside its vectors")));
        cases.add(new Case("a negative class for softmax", d -> data(table(d, XYZ, rows(
                new Double[] {1.0, 2.0, 0.0}, new Double[] {1.0, 2.0, -1.0}, new Double[] {1.0, 2.0, 1.0})), "", "softmax"),
                List.of("label column label has 1 value that is not a class index (whole numbers from 0), e.g. -1")));
        cases.add(new Case("labels of one class when softmax infers the classes", d -> data(table(d, XYZ, rows(
                new Double[] {1.0, 2.0, 1.0}, new Double[] {3.0, 2.0, 1.0})), "", "softmax"),
                List.of("label column label holds only class 1; softmax needs at least 2 classes")));
        cases.add(new Case("a missing validation set", d -> data(good(d), "  validation: " + d.resolve("nowhere") + "\n",
                "linear"), List.of("data.validation ", "nowhere does not exist")));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("bad data is refused with one line, exit code 3 and nothing written")
    void badDataIsRefusedWithOneLineExitCode3AndNothingWritten(Case c) {
        Path dir = Sweeps.workDir("refused");
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), c.setup().apply(dir) + """
                grid:
                  learning_rates: [0.1]
                  batch_sizes: [1]
                  optimizers: [sgd]
                train:
                  steps: 3
                output: %s
                """.formatted(dir.resolve("results")));
        List<String> before = Sweeps.list(dir);
        Sweeps.Outcome o = lrsweep("run", sweep.toString());
        assertEquals(3, o.code(), o.err() + o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + o.err());
        assertTrue(lines.get(0).startsWith("lrsweep: data."), lines.get(0));
        for (String part : c.expected()) {
            assertTrue(lines.get(0).contains(part), "'" + part + "' missing from: " + lines.get(0));
        }
        assertEquals(before, Sweeps.list(dir), "nothing written");
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @Test
    @DisplayName("a batch size larger than the data is refused with exit code 2 before anything is written")
    void aBatchSizeLargerThanTheDataIsRefusedWithExitCode2() {
        Path dir = Sweeps.workDir("refused");
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), data(good(dir), "", "linear") + """
                grid:
                  learning_rates: [0.1]
                  batch_sizes: [64]
                  optimizers: [sgd]
                output: %s
                """.formatted(dir.resolve("results")));
        Sweeps.Outcome o = lrsweep("run", sweep.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("grid.batch_sizes[0] (64) exceeds the 3 training rows"), o.err());
        assertEquals(List.of("good.parquet", "sweep.yaml"), Sweeps.list(dir));
    }

    static String data(Path path, String more, String model) {
        return "data:\n  path: " + path + "\n" + more + "model:\n  type: " + model + "\n";
    }

    static Path good(Path dir) {
        return table(dir.resolve("good.parquet"), XYZ, rows(new Double[] {1.0, 2.0, 0.0}, new Double[] {2.0, 1.0, 1.0},
                new Double[] {0.0, 1.0, 1.0}));
    }

    /** A directory of two CSV files, as Spark writes them (with a marker file that readers skip). */
    static Path csvFiles(Path dir) {
        Path csv = dir.resolve("csv");
        Sweeps.write(csv.resolve("part-00000.csv"), "x0,x1,label\n1,2,0\n3,4,1\n");
        Sweeps.write(csv.resolve("part-00001.csv"), "x0,x1,label\n5,6,1\n");
        Sweeps.write(csv.resolve("_SUCCESS"), "");
        return csv;
    }

    static Row[] rows(Double[]... values) {
        return Arrays.stream(values).map(v -> RowFactory.create((Object[]) v)).toArray(Row[]::new);
    }

    static Path table(Path dir, StructType schema, Row... rows) {
        Path file = Files.isDirectory(dir) && !dir.toString().endsWith(".parquet") ? dir.resolve("data.parquet") : dir;
        spark().createDataFrame(List.of(rows), schema).coalesce(1).write().parquet(file.toString());
        return file;
    }
}
