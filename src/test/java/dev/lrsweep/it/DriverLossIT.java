package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.TestSpark;
import dev.lrsweep.run.WorkDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A real driver loss: {@code submit/lrsweep run} as a separate JVM, killed with SIGKILL once its first wave is
 * committed, then run again with {@code --resume}. The resumed run trains only the trials the committed waves
 * lack, and its tables equal those of an undisturbed run.
 */
class DriverLossIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final int TRIALS = 60;
    static final int WAVE_TRIALS = 10;
    static final long TIMEOUT_SECONDS = 600;

    @Test
    @DisplayName("a driver killed with SIGKILL after its first wave leaves no output, and --resume trains only the trials left, to the tables of an undisturbed run")
    void aKilledDriverIsResumedToTheTablesOfAnUndisturbedRun() throws Exception {
        Path scratch = fresh(REPO.resolve("target").resolve("it-driver-loss"));
        Path data = scratch.resolve("data");
        Run generate = launch(scratch, "generate", "generate", "--kind", "logistic", "--rows", "40000", "--features",
                "20", "--condition", "100", "--output", data.toString());
        assertEquals(0, generate.waitFor(), generate.describe());
        Path sweep = Files.writeString(scratch.resolve("driver-loss.yaml"), """
                name: driver-loss
                seed: 3
                data:
                  path: %s
                  validation: 0.2
                  standardize: true
                model:
                  type: logistic
                train:
                  epochs: 2
                  eval_every: 50
                  log_every: 10
                grid:
                  learning_rates: {from: 0.001, to: 30, per_decade: 2}
                  schedules: [constant, cosine]
                  batch_sizes: [32]
                  optimizers: [sgd, momentum, adam]
                """.formatted(data));

        // The run to be killed: poll until a wave is committed, then SIGKILL the driver JVM.
        Path results = scratch.resolve("results");
        Path work = scratch.resolve("results" + WorkDirectory.SUFFIX);
        Path waves = work.resolve(WorkDirectory.WAVES);
        Run killed = launch(scratch, "killed", "run", sweep.toString(), "--output", results.toString(),
                "--wave-trials", String.valueOf(WAVE_TRIALS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Files.isDirectory(waves.resolve(String.format(WorkDirectory.WAVE_FORMAT, 1)))) {
            assertTrue(killed.process.isAlive(), "the run ended before committing a wave: " + killed.describe());
            assertTrue(System.nanoTime() < deadline, "no wave committed in time: " + killed.describe());
            Thread.sleep(50);
        }
        String command = killed.process.info().command().orElse("");
        assertTrue(command.endsWith("java"), "the launcher execs the driver JVM, so its pid is the JVM's: " + command);
        killed.process.descendants().forEach(ProcessHandle::destroyForcibly);
        killed.process.destroyForcibly();
        assertEquals(137, killed.waitFor(), "killed by SIGKILL: " + killed.describe());

        assertFalse(Files.exists(results), "no output is visible after the driver's loss");
        List<String> committed = list(waves);
        assertTrue(!committed.isEmpty() && committed.size() < TRIALS / WAVE_TRIALS,
                "some but not all waves committed: " + committed);
        SparkSession spark = TestSpark.session();
        long done = spark.read().parquet(committed.stream().map(w -> waves.resolve(w).resolve("evidence").toString())
                .toArray(String[]::new)).count();

        Run resumed = launch(scratch, "resumed", "run", sweep.toString(), "--output", results.toString(), "--resume",
                "--wave-trials", String.valueOf(WAVE_TRIALS));
        assertEquals(0, resumed.waitFor(), resumed.describe());
        String out = resumed.out();
        assertTrue(out.contains("resume: " + done + " of " + TRIALS + " trials are committed in " + committed.size()
                + (committed.size() == 1 ? " wave" : " waves")), out);
        Matcher trained = Pattern.compile("^trained (\\d+) trials in ", Pattern.MULTILINE).matcher(out);
        assertTrue(trained.find(), out);
        assertEquals(TRIALS - done, Long.parseLong(trained.group(1)), "only the trials left were trained");
        assertFalse(Files.exists(work), "the work directory is gone");

        Path undisturbed = scratch.resolve("undisturbed");
        Run whole = launch(scratch, "undisturbed", "run", sweep.toString(), "--output", undisturbed.toString(),
                "--wave-trials", String.valueOf(TRIALS));
        assertEquals(0, whole.waitFor(), whole.describe());

        assertEquals(TRIALS, table(spark, results, "trials").select("trial_id").distinct().count());
        assertEquals(TRIALS, table(spark, results, "trials").count(), "one row per trial");
        assertSame(spark, undisturbed, results, "trials", "trial_id");
        assertSame(spark, undisturbed, results, "curves", "trial_id", "step");
        assertSame(spark, undisturbed, results, "summary", "group_index");
    }

    static void assertSame(SparkSession spark, Path a, Path b, String table, String... order) {
        Dataset<Row> x = table(spark, a, table);
        Dataset<Row> y = table(spark, b, table);
        assertEquals(0, x.exceptAll(y).count(), table);
        assertEquals(0, y.exceptAll(x).count(), table);
        assertEquals(sorted(x, order), sorted(y, order), table + ", bit for bit");
    }

    /** The rows as text, sorted: Double.toString tells every two doubles apart. */
    static List<String> sorted(Dataset<Row> t, String... order) {
        return t.orderBy(order[0], Arrays.copyOfRange(order, 1, order.length)).collectAsList().stream()
                .map(Row::toString).toList();
    }

    /** A table without its timing column, the one thing two runs of a sweep may differ in. */
    static Dataset<Row> table(SparkSession spark, Path output, String name) {
        return spark.read().parquet(output.resolve(name).toString()).drop("train_seconds");
    }

    /** One launcher process, its output in files under the scratch directory. */
    record Run(String name, Process process, Path stdout, Path stderr) {
        int waitFor() throws InterruptedException {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not end in " + TIMEOUT_SECONDS + " s: " + describe());
            }
            return process.exitValue();
        }

        String out() throws IOException {
            return Files.readString(stdout);
        }

        String describe() {
            try {
                return name + "\n--- stdout\n" + out() + "\n--- stderr\n" + Files.readString(stderr);
            } catch (IOException e) {
                return name + ": " + e;
            }
        }
    }

    static Run launch(Path scratch, String name, String... args) throws IOException {
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(REPO.resolve("submit").resolve("lrsweep").toString(),
                "--driver-memory", "1g", "--conf", "spark.local.dir=" + tmp, "--conf",
                "spark.driver.extraJavaOptions=-Djava.io.tmpdir=" + tmp));
        command.addAll(List.of(args));
        File out = scratch.resolve(name + ".out").toFile();
        File err = scratch.resolve(name + ".err").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(out).redirectError(err);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("TMPDIR", tmp.toString());
        return new Run(name, builder.start(), out.toPath(), err.toPath());
    }

    static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
