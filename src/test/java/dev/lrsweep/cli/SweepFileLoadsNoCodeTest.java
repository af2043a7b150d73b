package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.Sweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sweep file can never make lrsweep load or run code: it holds no class names and no expressions, reader
 * options are an allow-list, and secrets in Spark's or Hadoop's configuration never appear in lrsweep's output.
 */
class SweepFileLoadsNoCodeTest {
    static final String CLASS = Tripwire.class.getName();

    static Stream<Arguments> placesForAClassName() {
        return Stream.of(
                Arguments.of("data.format", "  format: " + CLASS + "\n", "linear", "sgd", 2, "data.format must be one of"),
                Arguments.of("a Hadoop file system option", "  options: {fs.file.impl: " + CLASS + "}\n", "linear", "sgd", 2,
                        "data.options.fs.file.impl is not a parquet reader option"),
                Arguments.of("a Hadoop codec option", "  options: {io.compression.codecs: " + CLASS + "}\n", "linear", "sgd",
                        2, "data.options.io.compression.codecs is not a parquet reader option"),
                Arguments.of("model.type", "", CLASS, "sgd", 2, "model.type must be one of"),
                Arguments.of("an optimizer", "", "linear", CLASS, 2, "grid.optimizers[0].type names no optimizer"),
                Arguments.of("data.label", "  label: " + CLASS + "\n", "linear", "sgd", 3, "has no label column " + CLASS),
                Arguments.of("a path scheme", "", "linear", "sgd", 3, "cannot be opened"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placesForAClassName")
    @DisplayName("a class name anywhere in a sweep file is refused as a value, never loaded")
    void aClassNameIsRefusedNeverLoaded(String where, String dataKeys, String model, String optimizer, int code,
                                        String message) {
        Path dir = Sweeps.workDir("no-code");
        Path data = where.equals("a path scheme") ? Path.of("tripwire:" + dir.resolve("x"))
                : RunRefusesBadDataTest.good(dir);
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), """
                data:
                  path: %s
                %smodel:
                  type: %s
                grid:
                  learning_rates: [0.1]
                  schedules: [constant]
                  batch_sizes: [1]
                  optimizers: [%s]
                train:
                  steps: 2
                output: %s
                """.formatted(data, dataKeys, model, optimizer, dir.resolve("results")));
        Sweeps.Outcome o = lrsweep("run", sweep.toString());
        assertEquals(code, o.code(), o.err() + o.out());
        assertTrue(o.err().contains(message), o.err());
        assertFalse(Files.exists(dir.resolve("results")));
        assertFalse(Tripwire.Tripped.TRIPPED.get(), "the class named in " + where + " was loaded");
    }

    @Test
    @DisplayName("secrets in Spark's and Hadoop's configuration appear nowhere in what run and query print or write")
    void secretsInTheConfigurationAppearNowhere() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        Configuration hadoop = spark().sparkContext().hadoopConfiguration();
        hadoop.set("fs.s3a.secret.key", secret);
        spark().conf().set("spark.hadoop.fs.s3a.access.key", secret);
        spark().conf().set("spark.lrsweep.test.password", secret);
        try {
            Path dir = Sweeps.workDir("secrets");
            Path output = dir.resolve("results");
            Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), RunRefusesBadDataTest.data(RunRefusesBadDataTest.good(dir),
                    "", "linear") + "grid: {learning_rates: [0.1], batch_sizes: [1], optimizers: [sgd]}\n"
                    + "train: {steps: 2}\noutput: " + output + "\n");
            Sweeps.Outcome ran = lrsweep("run", sweep.toString(), "--stacktrace");
            assertEquals(0, ran.code(), ran.err() + ran.out());
            Sweeps.Outcome refused = lrsweep("run", sweep.toString(), "--stacktrace");
            assertEquals(2, refused.code(), refused.err());
            Sweeps.Outcome queried = lrsweep("query", output.toString(), "SELECT * FROM trials");
            assertEquals(0, queried.code(), queried.err());
            for (Sweeps.Outcome o : List.of(ran, refused, queried)) {
                assertFalse((o.out() + o.err()).contains(secret), "a secret in: " + o.out() + o.err());
            }
            assertFalse(Files.readString(output.resolve("sweep.yaml")).contains(secret));
        } finally {
            hadoop.unset("fs.s3a.secret.key");
            spark().conf().unset("spark.hadoop.fs.s3a.access.key");
            spark().conf().unset("spark.lrsweep.test.password");
        }
    }
}
