package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.TestSpark;
import dev.lrsweep.run.Sweeps;
import dev.lrsweep.run.WorkDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C during a run: {@code submit/lrsweep run} as a separate process receives SIGINT once its first wave is
 * committed. It ends with exit code 130 and one line on stderr, which says how many trials are committed and
 * gives the command to carry on; that command, typed as printed, completes the sweep.
 */
class InterruptIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final int TRIALS = 60;
    static final int WAVE_TRIALS = 10;
    static final int ROWS = 20_000;
    static final int FEATURES = 20;
    static final long TIMEOUT_SECONDS = 600;

    @Test
    @DisplayName("SIGINT during a run ends it with one line (trials committed, the --resume command) and exit code 130, and that command completes the sweep")
    void sigintDuringARunEndsItWithOneLineAndTheResumeCommandCompletesIt() throws Exception {
        Path scratch = DriverLossIT.fresh(REPO.resolve("target").resolve("it-interrupt"));
        double[] w = new double[FEATURES];
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            w[j] = (j % 3 - 1) * 0.7;
            columns.add("x" + j);
        }
        columns.add("label");
        Path data = Sweeps.parquet(scratch.resolve("data"), columns, Sweeps.logisticRows(ROWS, w, 0.3, 7));
        Path sweep = Files.writeString(scratch.resolve("interrupt.yaml"), """
                name: interrupt
                data:
                  path: %s
                  validation: 0.2
                model:
                  type: logistic
                train:
                  epochs: 2
                grid:
                  learning_rates: {from: 0.001, to: 30, per_decade: 2}
                  schedules: [constant, cosine]
                  batch_sizes: [32]
                  optimizers: [sgd, momentum, adam]
                """.formatted(data));
        Path results = scratch.resolve("results");
        Path waves = scratch.resolve("results" + WorkDirectory.SUFFIX).resolve(WorkDirectory.WAVES);

        List<String> command = launcher(scratch, "run", sweep.toString(), "--output", results.toString(),
                "--wave-trials", String.valueOf(WAVE_TRIALS));
        // A job started in the background of a script ignores SIGINT, and so would the JVM: reset it to its default.
        List<String> withSigint = new ArrayList<>(List.of("env", "--default-signal=INT"));
        withSigint.addAll(command);
        DriverLossIT.Run run = start(scratch, "interrupted", withSigint);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Files.isDirectory(waves.resolve(String.format(WorkDirectory.WAVE_FORMAT, 1)))) {
            assertTrue(run.process().isAlive(), "the run ended before committing a wave: " + run.describe());
            assertTrue(System.nanoTime() < deadline, "no wave committed in time: " + run.describe());
            Thread.sleep(50);
        }
        long signalled = System.nanoTime();
        assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(run.process().pid())).start().waitFor());
        assertEquals(130, run.waitFor(), run.describe());
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertTrue(seconds < 30, "the run took " + seconds + " s to stop");

        List<String> err = Files.readAllLines(run.stderr()).stream()
                .filter(l -> !l.startsWith("lrsweep: building") && !l.startsWith("lrsweep: resolving")).toList();
        assertEquals(1, err.size(), "one line on stderr: " + run.describe());
        Matcher line = Pattern.compile("lrsweep: interrupted: (\\d+) of " + TRIALS + " trials are committed; carry on"
                + " with: (.*)").matcher(err.get(0));
        assertTrue(line.matches(), err.get(0));
        long committed = Long.parseLong(line.group(1));
        List<String> done = DriverLossIT.list(waves);
        assertEquals(done.size() * WAVE_TRIALS, committed, "the committed waves' trials: " + done);
        assertTrue(committed >= WAVE_TRIALS && committed < TRIALS, err.get(0));
        List<String> resume = new ArrayList<>(command);
        resume.add("--resume");
        assertEquals(String.join(" ", resume), line.group(2));
        assertFalse(Files.exists(results), "no output is visible after the interruption");

        DriverLossIT.Run resumed = start(scratch, "resumed", List.of("bash", "-c", line.group(2)));
        assertEquals(0, resumed.waitFor(), resumed.describe());
        assertTrue(resumed.out().contains("resume: " + committed + " of " + TRIALS + " trials are committed in "
                + done.size() + (done.size() == 1 ? " wave" : " waves")), resumed.out());
        assertEquals(TRIALS, TestSpark.session().read().parquet(results.resolve("trials").toString()).count());
        assertFalse(Files.exists(waves.getParent()), "the work directory is gone");
    }

    /**
     * The launcher's command line: a small driver, its scratch space under the test's (Spark's through
     * SPARK_LOCAL_DIRS, as spark.local.dir would add a warning of Spark's to stderr).
     */
    static List<String> launcher(Path scratch, String... args) throws IOException {
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(REPO.resolve("submit").resolve("lrsweep").toString(),
                "--driver-memory", "1g", "--conf", "spark.driver.extraJavaOptions=-Djava.io.tmpdir=" + tmp));
        command.addAll(List.of(args));
        return command;
    }

    static DriverLossIT.Run start(Path scratch, String name, List<String> command) throws IOException {
        File out = scratch.resolve(name + ".out").toFile();
        File err = scratch.resolve(name + ".err").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(out).redirectError(err);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("TMPDIR", scratch.resolve("tmp").toString());
        builder.environment().put("SPARK_LOCAL_DIRS", scratch.resolve("tmp").toString());
        builder.environment().remove(RUN_COMMAND);
        return new DriverLossIT.Run(name, builder.start(), out.toPath(), err.toPath());
    }

    /** The launcher's record of its command line, which the test's own environment must not lend it. */
    static final String RUN_COMMAND = "LRSWEEP_COMMAND";
}
