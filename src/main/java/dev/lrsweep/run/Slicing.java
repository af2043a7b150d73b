package dev.lrsweep.run;

import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deals trials into task slices so that every core stays busy.
 *
 * <p>First, trials that see the same mini-batches (same real batch size, number of updates and data seed) are
 * grouped into blocks of at most {@link #blockCap} trials, which a task trains together through
 * {@link dev.lrsweep.core.train.BlockTrainer} (each mini-batch read once for the whole block, bit-identical to
 * training alone). Then the blocks are sorted by estimated cost, most expensive first, and dealt round-robin, so
 * each slice gets a similar mix of expensive and cheap work and the long blocks start first.
 */
public final class Slicing {
    /** Slices per core: more than one, so that a slow core does not hold up the end of the job. */
    public static final int SLICES_PER_CORE = 4;
    /** The fewest trials a block is cut down to when there are more cores than blocks: one vector's lanes. */
    public static final int MIN_BLOCK = 8;
    /** The most trials trained together: beyond this the shared mini-batch saves little more. */
    public static final int MAX_BLOCK = 64;

    private Slicing() {
    }

    /** min(trials, max(1, parallelism × {@value #SLICES_PER_CORE})) slices. */
    public static int sliceCount(int trials, int parallelism) {
        return Math.max(1, Math.min(trials, Math.max(1, parallelism) * SLICES_PER_CORE));
    }

    /**
     * The widest block to train together: wide blocks make the block's matrix products efficient (a block of
     * fewer trials than the kernel's vector lanes gains nothing from them), while at least one block per core
     * keeps every core busy. So ⌈trials / parallelism⌉, but no fewer than {@value #MIN_BLOCK} and no more than
     * {@value #MAX_BLOCK}.
     */
    public static int blockCap(int trials, int parallelism) {
        int perCore = (trials + Math.max(1, parallelism) - 1) / Math.max(1, parallelism);
        return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, perCore));
    }

    /**
     * The estimated work of a trial, in row-visits: every update reads a batch, every evaluation the evaluated
     * training rows and the validation rows.
     */
    public static double cost(TrialPlanner planner, TrialSpec trial, SweepConfig.Train train, long evalRows,
                              int validationRows) {
        long steps = planner.totalSteps(trial);
        double evaluations = train.evaluation().count(steps);
        return (double) steps * planner.batchSize(trial) + evaluations * (evalRows + validationRows);
    }

    /**
     * Trial indices grouped into blocks that share mini-batches, in grid order: each group split into as few
     * blocks of at most {@code cap} as it takes, of sizes that differ by at most one.
     */
    public static List<int[]> blocks(List<TrialSpec> trials, TrialPlanner planner, int cap) {
        Map<List<Long>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            TrialSpec t = trials.get(i);
            List<Long> key = List.of((long) planner.batchSize(t), planner.totalSteps(t), planner.dataSeed(t));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<int[]> blocks = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            int count = (group.size() + cap - 1) / cap;
            for (int b = 0; b < count; b++) {
                int from = (int) ((long) group.size() * b / count);
                int to = (int) ((long) group.size() * (b + 1) / count);
                blocks.add(group.subList(from, to).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return blocks;
    }

    /** Blocks dealt into {@code slices} slices: most expensive first, round-robin. */
    public static List<int[][]> deal(List<int[]> blocks, double[] trialCosts, int slices) {
        double[] costs = new double[blocks.size()];
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            for (int i : blocks.get(b)) {
                costs[b] += trialCosts[i];
            }
            order.add(b);
        }
        order.sort(Comparator.<Integer>comparingDouble(b -> -costs[b]).thenComparingInt(b -> b));
        List<List<int[]>> dealt = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            dealt.add(new ArrayList<>());
        }
        for (int k = 0; k < order.size(); k++) {
            dealt.get(k % slices).add(blocks.get(order.get(k)));
        }
        List<int[][]> out = new ArrayList<>();
        for (List<int[]> slice : dealt) {
            if (!slice.isEmpty()) {
                out.add(slice.toArray(new int[0][]));
            }
        }
        return out;
    }
}
