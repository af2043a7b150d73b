package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.TestSpark;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    /** A figures line: the way, its rate, GFLOP/s, fraction of peak and ratio to lrsweep (no timing is checked). */
    static final String FIGURES = "\\s+[0-9.e-]+ M trial-sample-gradients/s\\s+[0-9.e-]+ GFLOP/s\\s+\\S+ of peak"
            + " \\(\\d+ cores?\\)\\s+\\S+× lrsweep";

    @BeforeAll
    static void start() {
        TestSpark.session();
    }

    @Test
    @DisplayName("a tiny bench prints the lrsweep, MLlib and unfused figures, the kernel against Spark's BLAS and the"
            + " heap, in at most 16 lines")
    void aTinyBenchPrintsTheThreeWaysTheKernelsAndTheHeap() {
        MainTest.Outcome o = MainTest.run("bench", "--rows", "2000", "--features", "10", "--trials", "4",
                "--mllib-iterations", "5", "--unfused-trials", "1");
        assertEquals(0, o.code(), o.err() + o.out());
        List<String> lines = o.out().lines().toList();
        for (String way : List.of("lrsweep", "MLlib", "unfused")) {
            assertTrue(lines.stream().anyMatch(l -> Pattern.matches(way + FIGURES, l)), way + " missing from:\n" + o.out());
        }
        assertTrue(o.out().contains("1.00× lrsweep"), o.out());
        assertTrue(o.out().contains("4 sgd trials"), o.out());
        assertTrue(o.out().contains("SweepJob"), o.out());
        assertTrue(o.out().contains("2 trials (α 1e-04, 1) × 5 iterations"), o.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("heap ") && l.contains("packed training data 0.000 GB")), o.out());
        assertTrue(lines.stream().anyMatch(l -> Pattern.matches("kernels  batch 64 × 10 features × 4 columns, forward/gradient"
                + " on one core: lrsweep .+ [0-9.]+/[0-9.]+ GFLOP/s; Spark's BLAS \\(\\w+\\) [0-9.]+/[0-9.]+ GFLOP/s,"
                + " (lrsweep's|other) bits in the block(, and at every narrower width|, but other at width [1-3]) \\(.+\\)(; the BLAS is faster here)?", l)),
                o.out());
        assertTrue(lines.stream().anyMatch(l -> Pattern.matches("warm-up  [0-9]+ rounds of the trainers at widths \\[1, 4\\]"
                + " on the first rows \\(up to [0-9]+ updates each\\), [0-9.]+ s, .+", l)), o.out());
        assertTrue(lines.size() <= 16, lines.size() + " lines:\n" + o.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("peak     ") && l.contains("GFLOP/s per core, measured")
                && l.contains("the CPU's description gives")), o.out());
    }

    @Test
    @DisplayName("the threads engine trains lrsweep's blocks without Spark, --scaling doubles the trials and --repeat"
            + " lists every run")
    void theThreadsEngineTrainsTheBlocksWithoutSparkScalingDoublesTheTrialsAndRepeatListsEveryRun() {
        MainTest.Outcome o = MainTest.run("bench", "--rows", "1000", "--features", "5", "--trials", "4", "--steps", "20",
                "--engine", "threads", "--threads", "2", "--mllib-trials", "0", "--unfused-trials", "0", "--scaling",
                "--peak-gflops", "10", "--storage", "float32", "--repeat", "3");
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.matches("runs     lrsweep, 3 runs: [0-9.]+, [0-9.]+, [0-9.]+ M/s; the median run:")),
                o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("scaling  run 3, 4 → 8 trials: ")), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("scaling  median ratio ")), o.out());
        assertTrue(o.out().contains("held as float32"), o.out());
        assertTrue(Pattern.compile("^lrsweep" + FIGURES + "$", Pattern.MULTILINE).matcher(o.out()).find(), o.out());
        assertTrue(o.out().contains("in 2 blocks of ≤ 2 (BlockTrainer, no Spark) on 2 threads: 5.0 k"), o.out());
        assertTrue(o.out().contains("peak     10.0 GFLOP/s per core (--peak-gflops)"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("scaling  run 1, 4 → 8 trials: ") && l.contains(", ratio ")),
                o.out());
    }

    @Test
    @DisplayName("a tiny perceptron bench prints lrsweep's and the unfused figures, its shape and flop count, and no"
            + " MLlib way")
    void aTinyPerceptronBenchPrintsItsFigures() {
        MainTest.Outcome o = MainTest.run("bench", "--kind", "mlp", "--rows", "600", "--features", "12", "--hidden",
                "8,5", "--classes", "3", "--batch", "32", "--trials", "4", "--steps", "30", "--unfused-trials", "1",
                "--engine", "threads", "--threads", "2", "--peak-gflops", "10");
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("perceptron 12–8–5–3 (relu, softmax output), batch 32"), o.out());
        // 4·(12·8) + 6·(8·5 + 5·3)
        assertTrue(o.out().contains("counting 714 flops per sample-gradient (12–8–5–3:"), o.out());
        for (String way : List.of("lrsweep", "unfused")) {
            assertTrue(o.out().lines().anyMatch(l -> Pattern.matches(way + FIGURES, l)), way + " missing:\n" + o.out());
        }
        assertTrue(o.out().lines().noneMatch(l -> l.startsWith("MLlib")), o.out());
        assertTrue(o.out().contains("kernels  batch 32 × 12 features × 16 columns"), o.out());
    }

    @Test
    @DisplayName("options out of range are usage errors with exit code 2, before anything runs")
    void optionsOutOfRangeAreUsageErrors() {
        MainTest.Outcome o = MainTest.run("bench", "--kind", "softmax");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("lrsweep: --kind must be logistic, linear or mlp"), o.err());
        o = MainTest.run("bench", "--hidden", "8");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("lrsweep: --hidden and --classes apply to --kind mlp only"), o.err());
        o = MainTest.run("bench", "--rows", "10", "--batch", "64");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--batch must lie in 1 … rows (10)"), o.err());
        o = MainTest.run("bench", "--epochs", "1", "--steps", "5");
        assertEquals(2, o.code());
        o = MainTest.run("bench", "--storage", "float16");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("lrsweep: --storage must be float64 or float32"), o.err());
    }
}
