package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.OutputDirectory;
import dev.lrsweep.run.Sweeps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@code lrsweep run} does about an existing output directory: lrsweep replaces only what it wrote. */
class RunOutputDirectoryTest {
    static Path data;

    @BeforeAll
    static void writeTheData() {
        data = Sweeps.parquet(Sweeps.workDir("output-data").resolve("data.parquet"), List.of("x0", "x1", "label"),
                Sweeps.logisticRows(60, new double[] {1, -1}, 0, 5));
    }

    static Path sweep(Path dir) {
        return Sweeps.write(dir.resolve("sweep.yaml"), """
                data:
                  path: %s
                model:
                  type: logistic
                grid:
                  learning_rates: [0.1, 1]
                  batch_sizes: [full]
                  optimizers: [sgd]
                train:
                  steps: 5
                """.formatted(data));
    }

    @Test
    @DisplayName("a directory that lrsweep did not write is refused with exit code 2 and left untouched, even with --overwrite")
    void aForeignDirectoryIsRefusedAndLeftUntouchedEvenWithOverwrite() throws IOException {
        Path dir = Sweeps.workDir("foreign");
        Path output = dir.resolve("precious");
        Sweeps.write(output.resolve("thesis.tex"), "years of work");
        for (List<String> flags : List.of(List.<String>of(), List.of("--overwrite"))) {
            Sweeps.Outcome o = lrsweep(args(sweep(dir), output, flags));
            assertEquals(2, o.code(), o.err());
            assertEquals(List.of("lrsweep: output " + output + " exists and is not an lrsweep results directory (no "
                    + "_LRSWEEP marker); lrsweep will not replace it, even with --overwrite"), o.err().lines().toList());
            assertEquals(List.of("thesis.tex"), Sweeps.list(output));
            assertEquals("years of work", Files.readString(output.resolve("thesis.tex")));
            assertEquals(List.of("precious", "sweep.yaml"), Sweeps.list(dir), "no staging directory");
        }
    }

    @Test
    @DisplayName("a file at the output path is refused with exit code 2")
    void aFileAtTheOutputPathIsRefused() {
        Path dir = Sweeps.workDir("file");
        Path output = Sweeps.write(dir.resolve("results"), "not a directory");
        Sweeps.Outcome o = lrsweep(args(sweep(dir), output, List.of("--overwrite")));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("exists and is a file"), o.err());
    }

    @Test
    @DisplayName("earlier results are kept without --overwrite and replaced with it, leaving no staging directory")
    void earlierResultsAreKeptWithoutOverwriteAndReplacedWithIt() throws IOException {
        Path dir = Sweeps.workDir("replace");
        Path output = dir.resolve("results");
        Sweeps.write(output.resolve(OutputDirectory.MARKER), "lrsweep wrote this directory\n");
        Sweeps.write(output.resolve("stale.txt"), "from an earlier run");

        Sweeps.Outcome refused = lrsweep(args(sweep(dir), output, List.of()));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("already exists and holds lrsweep results; pass --overwrite"), refused.err());
        assertTrue(Files.exists(output.resolve("stale.txt")));

        Sweeps.Outcome replaced = lrsweep(args(sweep(dir), output, List.of("--overwrite")));
        assertEquals(0, replaced.code(), replaced.err() + replaced.out());
        assertEquals(List.of("_LRSWEEP", "curves", "data.yaml", "landscape", "report.html", "summary", "sweep.yaml",
                "trials"),
                Sweeps.list(output));
        assertEquals(List.of("results", "sweep.yaml"), Sweeps.list(dir), "no staging or set-aside directory left");
    }

    @Test
    @DisplayName("--overwrite and --resume exclude each other")
    void overwriteAndResumeExcludeEachOther() {
        Path dir = Sweeps.workDir("both");
        Sweeps.Outcome o = lrsweep(args(sweep(dir), dir.resolve("results"), List.of("--overwrite", "--resume")));
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("mutually exclusive"), o.err());
    }

    static String[] args(Path sweep, Path output, List<String> flags) {
        List<String> all = new java.util.ArrayList<>(List.of("run", sweep.toString(), "--output", output.toString()));
        all.addAll(flags);
        return all.toArray(new String[0]);
    }
}
