package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.Sweeps;
import dev.lrsweep.run.WorkDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code lrsweep run} does about the work directory of an interrupted sweep: {@code --resume} carries on
 * only with the same sweep and data, a plain run refuses to start over it, {@code --overwrite} discards it, and
 * a directory lrsweep did not write is never deleted.
 */
class RunResumeTest {
    static Path data;
    static Path interrupted;

    @BeforeAll
    static void interruptASweep() {
        data = Sweeps.parquet(Sweeps.workDir("resume-data").resolve("data.parquet"), List.of("x0", "x1", "label"),
                Sweeps.logisticRows(60, new double[] {1, -1}, 0, 5));
        Path dir = Sweeps.workDir("interrupted");
        Sweeps.Outcome o = Sweeps.lrsweepLosingDriverAt("wave 1/2 committed",
                RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"), List.of("--wave-trials", "2")));
        assertEquals(1, o.code(), o.err());
        interrupted = dir.resolve("results" + WorkDirectory.SUFFIX);
        assertTrue(Files.exists(interrupted.resolve("waves").resolve("wave-00001")));
    }

    static Path sweep(Path dir, String rates) {
        return Sweeps.write(dir.resolve("sweep.yaml"), """
                data:
                  path: %s
                model:
                  type: logistic
                grid:
                  learning_rates: %s
                  batch_sizes: [full]
                  optimizers: [sgd, adam]
                train:
                  steps: 5
                """.formatted(data, rates));
    }

    /** A fresh directory holding a copy of the interrupted sweep's work directory, next to a results path. */
    static Path withWorkDirectory(String name) {
        Path dir = Sweeps.workDir(name);
        copy(interrupted, dir.resolve("results" + WorkDirectory.SUFFIX));
        return dir;
    }

    @Test
    @DisplayName("a run without --resume over an interrupted sweep's work directory is refused with exit code 2, naming --resume and --overwrite")
    void aRunOverAWorkDirectoryIsRefused() {
        Path dir = withWorkDirectory("plain");
        Path sweep = sweep(dir, "[0.1, 1]");
        List<String> before = tree(dir);
        Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep, dir.resolve("results"), List.of()));
        assertEquals(2, o.code(), o.err());
        assertEquals(List.of("lrsweep: output " + dir.resolve("results") + " has the work directory of an interrupted"
                + " run, " + dir.resolve("results.partial") + "; pass --resume to carry on with it, or --overwrite"
                + " to start the sweep again"), o.err().lines().toList());
        assertEquals(before, tree(dir), "nothing written or deleted");
    }

    @Test
    @DisplayName("--resume with a changed sweep file is refused with exit code 2, naming the keys that differ")
    void resumeWithAChangedSweepIsRefused() {
        Path dir = withWorkDirectory("changed-sweep");
        List<String> before = tree(dir.resolve("results.partial"));
        Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 3]"), dir.resolve("results"),
                List.of("--resume")));
        assertEquals(2, o.code(), o.err());
        assertEquals(List.of("lrsweep: cannot resume: the sweep differs from the interrupted run's in"
                + " grid.learning_rates; resume with the same sweep file, or pass --overwrite to start the sweep again"),
                o.err().lines().toList());
        assertEquals(before, tree(dir.resolve("results.partial")));
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @Test
    @DisplayName("--resume with changed data is refused with exit code 2, naming the file that changed")
    void resumeWithChangedDataIsRefused() throws IOException {
        Path dir = withWorkDirectory("changed-data");
        Path part;
        try (Stream<Path> files = Files.list(data)) {
            part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        FileTime modified = Files.getLastModifiedTime(part);
        try {
            Files.setLastModifiedTime(part, FileTime.fromMillis(modified.toMillis() + 60_000));
            Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"),
                    List.of("--resume")));
            assertEquals(2, o.code(), o.err());
            assertEquals(List.of("lrsweep: cannot resume: data.path " + part.getFileName() + " was modified ("
                    + Instant.ofEpochMilli(modified.toMillis()) + ", now " + Instant.ofEpochMilli(modified.toMillis()
                    + 60_000) + ") since the interrupted run; pass --overwrite to start the sweep again"),
                    o.err().lines().toList());
        } finally {
            Files.setLastModifiedTime(part, modified);
        }
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @Test
    @DisplayName("--resume with no work directory is refused with exit code 2: there is nothing to resume")
    void resumeWithoutAWorkDirectoryIsRefused() {
        Path dir = Sweeps.workDir("nothing");
        Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"),
                List.of("--resume")));
        assertEquals(2, o.code(), o.err());
        assertEquals(List.of("lrsweep: nothing to resume: there is no work directory " + dir.resolve("results.partial")
                + " of an interrupted run; run without --resume to start the sweep"), o.err().lines().toList());
        assertEquals(List.of("sweep.yaml"), Sweeps.list(dir));
    }

    @Test
    @DisplayName("a work directory without lrsweep's marker is never deleted: refused with exit code 2 with --overwrite, --resume or neither")
    void aForeignWorkDirectoryIsNeverDeleted() {
        Path dir = Sweeps.workDir("foreign-work");
        Sweeps.write(dir.resolve("results.partial").resolve("notes.txt"), "not lrsweep's");
        for (List<String> flags : List.of(List.<String>of(), List.of("--overwrite"), List.of("--resume"))) {
            Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"), flags));
            assertEquals(2, o.code(), flags + ": " + o.err());
            assertEquals(List.of("lrsweep: work directory " + dir.resolve("results.partial") + " exists but is not"
                    + " lrsweep's (no _LRSWEEP_PARTIAL marker); lrsweep will neither use nor delete it, so move it away"
                    + " or choose another --output"), o.err().lines().toList(), flags.toString());
            assertEquals(List.of("notes.txt"), Sweeps.list(dir.resolve("results.partial")));
            assertEquals(List.of("results.partial", "sweep.yaml"), Sweeps.list(dir));
        }
    }

    @Test
    @DisplayName("--overwrite discards lrsweep's work directory and runs the whole sweep again")
    void overwriteDiscardsTheWorkDirectory() {
        Path dir = withWorkDirectory("overwrite");
        Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"),
                List.of("--overwrite")));
        assertEquals(0, o.code(), o.err() + o.out());
        assertFalse(o.out().contains("resume:"), o.out());
        assertTrue(o.out().contains("grid: 4 trials in "), o.out());
        assertEquals(List.of("results", "sweep.yaml"), Sweeps.list(dir));
        assertEquals(List.of("_LRSWEEP", "curves", "data.yaml", "landscape", "report.html", "summary", "sweep.yaml",
                "trials"),
                Sweeps.list(dir.resolve("results")));
    }

    @Test
    @DisplayName("--resume of a copied work directory trains the other wave's trials and commits the results")
    void resumeCompletesACopiedWorkDirectory() {
        Path dir = withWorkDirectory("copied");
        Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"),
                List.of("--resume")));
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("resume: 2 of 4 trials are committed in 1 wave (0 diverged); 2 left"), o.out());
        assertTrue(o.out().contains("wave 2/2 committed: 2 trials"), o.out());
        assertEquals(List.of("results", "sweep.yaml"), Sweeps.list(dir));
    }

    @ParameterizedTest(name = "{0} {1} is a usage error with exit code 2")
    @DisplayName("--wave-trials below 1 and --commit-seconds below 0 are usage errors with exit code 2, in one line")
    @CsvSource(delimiter = '|', value = {
            "--wave-trials    | 0  | lrsweep: --wave-trials must be at least 1, not 0",
            "--commit-seconds | -1 | lrsweep: --commit-seconds must be a number of seconds ≥ 0, not -1"})
    void optionsBelowTheirLeastAreRefused(String option, String value, String message) {
        Path dir = Sweeps.workDir(option.substring(2));
        Sweeps.Outcome o = lrsweep(RunOutputDirectoryTest.args(sweep(dir, "[0.1, 1]"), dir.resolve("results"),
                List.of(option, value)));
        assertEquals(2, o.code(), o.err());
        assertEquals(List.of(message), o.err().lines().toList());
    }

    /** Every file and directory under {@code root} (hidden ones too), with its size. */
    static List<String> tree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> out = new ArrayList<>();
            for (Path p : walk.sorted().toList()) {
                out.add(root.relativize(p) + (Files.isDirectory(p) ? "/" : " " + Files.size(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
