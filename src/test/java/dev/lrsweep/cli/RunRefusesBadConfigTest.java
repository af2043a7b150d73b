package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.Sweeps;
import dev.lrsweep.sweep.SweepFileTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code lrsweep run} refuses every bad sweep file of {@link SweepFileTest} with one line that names the file and
 * the key, exit code 2 and nothing written; and so it does for the settings that only the data can refute (a
 * batch larger than the training rows, a warm-up longer than a run given in epochs), after reading the data and
 * still before writing anything.
 */
class RunRefusesBadConfigTest {

    static Stream<Arguments> refusals() {
        return SweepFileTest.refusals();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @DisplayName("a bad sweep file is refused by run with one line naming the file and key, exit code 2 and nothing written")
    void aBadSweepFileIsRefusedByRunWithExitCode2AndNothingWritten(String what, String yaml, String message) {
        Path dir = Sweeps.workDir("bad-config");
        Path output = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), yaml + "\noutput: " + output + "\n");
        Sweeps.Outcome o = lrsweep("run", sweep.toString());
        assertRefused(o, dir, List.of("lrsweep: " + sweep + ": ", message));
    }

    @Test
    @DisplayName("a warm-up longer than a run given in epochs is refused after reading the data, with exit code 2 and nothing written")
    void aWarmUpLongerThanARunGivenInEpochsIsRefusedAfterReadingTheData() {
        Path dir = Sweeps.workDir("bad-config");
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), RunRefusesBadDataTest.data(RunRefusesBadDataTest.good(dir),
                "", "linear") + """
                grid:
                  learning_rates: [0.1]
                  schedules: [constant, {type: cosine, warmup_steps: 5}]
                  batch_sizes: [1]
                  optimizers: [sgd]
                train:
                  epochs: 1
                output: %s
                """.formatted(dir.resolve("results")));
        Sweeps.Outcome o = lrsweep("run", sweep.toString());
        assertRefused(o, dir, List.of("lrsweep: grid.schedules[1].warmup_steps (5) must be shorter than the run (3 steps)",
                "batch size 1, 1 epoch"));
    }

    @Test
    @DisplayName("a warm-up fraction that leaves the run no steps is refused after reading the data, with exit code 2")
    void aWarmUpThatLeavesTheRunNoStepsIsRefused() {
        Path dir = Sweeps.workDir("bad-config");
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), RunRefusesBadDataTest.data(RunRefusesBadDataTest.good(dir),
                "", "linear") + """
                grid:
                  learning_rates: [0.1]
                  schedules: [{type: one_cycle, pct_start: 0.1}]
                  batch_sizes: [full]
                  optimizers: [sgd]
                train:
                  epochs: 2
                output: %s
                """.formatted(dir.resolve("results")));
        Sweeps.Outcome o = lrsweep("run", sweep.toString());
        assertRefused(o, dir, List.of("lrsweep: grid.schedules[0].pct_start (0.1) leaves a phase with no steps in a run"
                + " of 2 steps (batch size 3, 2 epochs)"));
    }

    static void assertRefused(Sweeps.Outcome o, Path dir, List<String> expected) {
        assertEquals(2, o.code(), o.err() + o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + o.err());
        for (String part : expected) {
            assertTrue(lines.get(0).contains(part), "'" + part + "' missing from: " + lines.get(0));
        }
        assertFalse(Files.exists(dir.resolve("results")), "no output directory");
        assertTrue(Sweeps.list(dir).stream().noneMatch(n -> n.contains("staging")), "no staging directory");
        assertTrue(Sweeps.list(dir).stream().allMatch(n -> n.equals("sweep.yaml") || n.equals("good.parquet")),
                "nothing written: " + Sweeps.list(dir));
    }
}
