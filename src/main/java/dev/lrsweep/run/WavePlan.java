package dev.lrsweep.run;

import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trials still to train, cut into waves. Each wave is one Spark job whose results are committed to the work
 * directory before the next starts, so a lost driver loses at most the wave in progress.
 *
 * <p>The trials are ordered by the blocks they can share mini-batches in (same batch size, updates and data
 * seed, in grid order), then cut into ⌈trials / wave size⌉ waves of nearly equal size, so that a wave spans few
 * such groups and its blocks stay wide. Each wave is then planned as a whole sweep would be ({@link Slicing}):
 * blocks of at most {@link Slicing#blockCap} of the wave's trials, dealt most expensive first into task slices.
 * Which trials share a block may differ between a first run and a resumed one; that changes no result, because
 * block training is bit-identical to training alone and a trial's randomness comes from its seeds only.
 */
final class WavePlan {
    /** The most waves a sweep is cut into by default. */
    static final int MAX_DEFAULT_WAVES = 16;

    /**
     * The default wave size, in trials: {@value Slicing#MAX_BLOCK} × the default parallelism, one full-width block
     * per core, or a {@value #MAX_DEFAULT_WAVES}th of the sweep when that is more. A sweep of one round of blocks or
     * fewer runs in one wave, as wide as without waves; a larger one commits at least every round of blocks, and a
     * large grid of short trials in at most {@value #MAX_DEFAULT_WAVES} waves, so that their commits stay few.
     *
     * @param trials the sweep's trials (all of them, also on a resume, so that a resumed run cuts as the first did)
     */
    static int defaultWaveTrials(int parallelism, int trials) {
        int round = Math.max(1, parallelism) * Slicing.MAX_BLOCK;
        return Math.max(round, (trials + MAX_DEFAULT_WAVES - 1) / MAX_DEFAULT_WAVES);
    }

    /**
     * One wave.
     *
     * @param number the wave's number, counting from 1 over the whole sweep (a resumed run continues it)
     * @param trials the wave's trials, as indices into the sweep's trials
     * @param blocks how many blocks they train in
     * @param tasks  the blocks dealt into task slices
     */
    record Wave(int number, int[] trials, int blocks, List<int[][]> tasks) {
    }

    private WavePlan() {
    }

    /**
     * Plans the waves of the {@code remaining} trials.
     *
     * @param all        the sweep's trials
     * @param remaining  the indices of the trials still to train, in grid order
     * @param costs      every trial's estimated cost ({@link Slicing#cost}), by index
     * @param waveTrials the most trials in a wave (at least 1)
     * @param first      the number of the first wave
     */
    static List<Wave> plan(List<TrialSpec> all, List<Integer> remaining, TrialPlanner planner, double[] costs,
                           int parallelism, int waveTrials, int first) {
        List<Integer> ordered = byBlockGroup(all, remaining, planner);
        int n = ordered.size();
        int count = (int) ((n + (long) waveTrials - 1) / waveTrials);
        List<Wave> waves = new ArrayList<>(count);
        for (int w = 0; w < count; w++) {
            List<Integer> chunk = ordered.subList((int) ((long) n * w / count), (int) ((long) n * (w + 1) / count));
            List<TrialSpec> specs = new ArrayList<>(chunk.size());
            for (int i : chunk) {
                specs.add(all.get(i));
            }
            List<int[]> blocks = new ArrayList<>();
            for (int[] local : Slicing.blocks(specs, planner, Slicing.blockCap(specs.size(), parallelism))) {
                int[] global = new int[local.length];
                for (int k = 0; k < local.length; k++) {
                    global[k] = chunk.get(local[k]);
                }
                blocks.add(global);
            }
            List<int[][]> tasks = Slicing.deal(blocks, costs, Slicing.sliceCount(specs.size(), parallelism));
            waves.add(new Wave(first + w, chunk.stream().mapToInt(Integer::intValue).toArray(), blocks.size(), tasks));
        }
        return waves;
    }

    /** The trials grouped as {@link Slicing#blocks} groups them, groups in order of first appearance. */
    private static List<Integer> byBlockGroup(List<TrialSpec> all, List<Integer> remaining, TrialPlanner planner) {
        Map<List<Long>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : remaining) {
            TrialSpec t = all.get(i);
            List<Long> key = List.of((long) planner.batchSize(t), planner.totalSteps(t), planner.dataSeed(t));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<Integer> ordered = new ArrayList<>(remaining.size());
        groups.values().forEach(ordered::addAll);
        return ordered;
    }
}
