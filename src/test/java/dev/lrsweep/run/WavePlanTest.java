package dev.lrsweep.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the trials left are cut into waves (no Spark needed). */
class WavePlanTest {
    static final SweepConfig CONFIG = SweepFile.parse("""
            data: {path: unused}
            model: {type: linear}
            grid:
              learning_rates: [0.001, 0.01, 0.1, 1, 10]
              batch_sizes: [4, full]
              optimizers: [sgd, adam, momentum]
            train: {steps: 20}
            """, "waves");
    static final List<TrialSpec> TRIALS = Grid.expand(CONFIG);
    static final TrialPlanner PLANNER = new TrialPlanner(CONFIG, 3, 0, 40);
    static final double[] COSTS = IntStream.range(0, TRIALS.size()).mapToDouble(i -> 1).toArray();

    @Test
    @DisplayName("the default wave holds one full-width block per core, and a large grid makes at most 16 waves")
    void theDefaultWaveHoldsOneFullBlockPerCore() {
        assertEquals(128, WavePlan.defaultWaveTrials(2, 180));
        assertEquals(64, WavePlan.defaultWaveTrials(0, 10));
        assertEquals(625, WavePlan.defaultWaveTrials(2, 10_000));
        assertEquals(128, WavePlan.defaultWaveTrials(2, 128 * 16));
        assertEquals(129, WavePlan.defaultWaveTrials(2, 128 * 16 + 1));
        assertEquals(1, WavePlan.plan(TRIALS, all(), PLANNER, COSTS, 2, WavePlan.defaultWaveTrials(2, 30), 1).size(),
                "30 trials on 2 cores: one wave, as wide as without waves");
    }

    @Test
    @DisplayName("waves of nearly equal size hold every trial left exactly once, a batch size's trials together")
    void wavesHoldEveryTrialOnceGroupedByBatchSize() {
        List<WavePlan.Wave> waves = WavePlan.plan(TRIALS, all(), PLANNER, COSTS, 2, 7, 1);
        assertEquals(5, waves.size(), "⌈30 / 7⌉");
        assertEquals(List.of(6, 6, 6, 6, 6), waves.stream().map(w -> w.trials().length).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), waves.stream().map(WavePlan.Wave::number).toList());
        int[] covered = waves.stream().flatMapToInt(w -> Arrays.stream(w.trials())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, TRIALS.size()).toArray(), covered);
        for (WavePlan.Wave w : waves) {
            int[] inTasks = w.tasks().stream().flatMap(Arrays::stream).flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(Arrays.stream(w.trials()).sorted().toArray(), inTasks, "the tasks train the wave's trials");
        }
        assertTrue(Arrays.stream(waves.get(0).trials()).allMatch(i -> TRIALS.get(i).batchSize() == 4),
                "the first 15 trials in wave order are the batch-4 ones");
    }

    @Test
    @DisplayName("a resumed plan covers only the trials left and numbers its waves after the committed ones")
    void aResumedPlanCoversOnlyTheTrialsLeft() {
        List<Integer> left = IntStream.range(0, TRIALS.size()).filter(i -> i % 3 != 0).boxed().toList();
        List<WavePlan.Wave> waves = WavePlan.plan(TRIALS, left, PLANNER, COSTS, 2, 8, 4);
        assertEquals(List.of(4, 5, 6), waves.stream().map(WavePlan.Wave::number).toList());
        int[] covered = waves.stream().flatMapToInt(w -> Arrays.stream(w.trials())).sorted().toArray();
        assertArrayEquals(left.stream().mapToInt(Integer::intValue).toArray(), covered);
        assertEquals(List.of(), WavePlan.plan(TRIALS, List.of(), PLANNER, COSTS, 2, 8, 9));
        assertEquals(1, WavePlan.plan(TRIALS, all(), PLANNER, COSTS, 2, Integer.MAX_VALUE, 1).size());
    }

    static List<Integer> all() {
        return IntStream.range(0, TRIALS.size()).boxed().toList();
    }
}
