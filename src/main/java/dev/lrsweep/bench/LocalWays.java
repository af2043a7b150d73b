package dev.lrsweep.bench;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.train.BlockTrainer;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The ways that train in this JVM without Spark: blocks of trials on threads, and trials one after another. */
public final class LocalWays {
    /** The most updates of each warm-up run. */
    static final long WARM_UP_STEPS = 3000;

    private LocalWays() {
    }

    /**
     * An untimed run of the trainers at every block width the timed runs use (1 = {@link Trainer}), on the first
     * rows and for up to {@value #WARM_UP_STEPS} updates each, twice, so that the timed runs start with compiled
     * code (in this JVM: in local mode, also the executors'). The JIT compiles the kernel for the widths it has
     * seen, so later figures still depend somewhat on what ran before them.
     *
     * @param plans at least as many plans as the widest block
     */
    public static void warmUp(List<TrialPlan> plans, BenchProblem problem, Collection<Integer> widths) {
        DataBlock head = problem.block(Math.min(problem.rows(), 4096));
        for (int round = 0; round < 2; round++) {
            for (int width : new TreeSet<>(widths)) {
                List<TrialPlan> block = new ArrayList<>();
                for (TrialPlan p : plans.subList(0, Math.min(plans.size(), width))) {
                    block.add(shortened(p, WARM_UP_STEPS));
                }
                if (block.size() == 1) {
                    Trainer.train(block.get(0), head, null, null);
                } else {
                    BlockTrainer.train(block, head, null, null);
                }
            }
        }
    }

    /** The width of each block {@link #blocksOnThreads} makes. */
    public static List<Integer> widths(int trials, int threads, int blockSize) {
        int blocks = blockCount(trials, threads, blockSize);
        List<Integer> out = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            out.add((trials - b + blocks - 1) / blocks);
        }
        return out;
    }

    private static int blockCount(int trials, int threads, int blockSize) {
        return blockSize > 0 ? (trials + blockSize - 1) / blockSize : Math.min(threads, trials);
    }

    private static TrialPlan shortened(TrialPlan p, long steps) {
        return new TrialPlan(p.model(), p.optimizer(), p.schedule(), p.batchSize(), Math.min(steps, p.totalSteps()),
                p.seed(), p.initialParams(), p.settings());
    }

    /**
     * lrsweep's blocks without Spark: the trials dealt round-robin into blocks of at most {@code blockSize} trials
     * (0: one block per thread), each trained by {@link BlockTrainer} on a pool of {@code threads} threads; timed
     * from the first start to the last end.
     */
    public static Way blocksOnThreads(List<TrialPlan> plans, DataBlock data, int[] evalOrder, int threads,
                                      int blockSize) throws InterruptedException {
        int blocks = blockCount(plans.size(), threads, blockSize);
        List<List<TrialPlan>> dealt = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            dealt.add(new ArrayList<>());
        }
        for (int i = 0; i < plans.size(); i++) {
            dealt.get(i % blocks).add(plans.get(i));
        }
        int poolSize = Math.min(threads, blocks);
        ExecutorService pool = Executors.newFixedThreadPool(poolSize);
        long sampleGradients = 0;
        long started = System.nanoTime();
        try {
            List<Future<List<TrialResult>>> futures = new ArrayList<>();
            for (List<TrialPlan> block : dealt) {
                futures.add(pool.submit(() -> BlockTrainer.train(block, data, null, evalOrder)));
            }
            for (Future<List<TrialResult>> f : futures) {
                sampleGradients += visited(f.get(), plans.get(0).batchSize(), data.rows());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a block failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String detail = String.format(Locale.ROOT, "%d sgd trials (constant rate) in %d blocks of ≤ %d (BlockTrainer,"
                        + " no Spark) on %d threads: %s in %.2f s of training", plans.size(), blocks,
                dealt.get(0).size(), poolSize, Way.count(sampleGradients), seconds);
        return new Way("lrsweep", sampleGradients, seconds, poolSize, detail);
    }

    /** The trials trained one after another by {@link Trainer} on this thread, each alone. */
    public static Way unfused(List<TrialPlan> plans, DataBlock data, int[] evalOrder, int threads) {
        long sampleGradients = 0;
        long started = System.nanoTime();
        List<TrialResult> results = new ArrayList<>();
        for (TrialPlan p : plans) {
            results.add(Trainer.train(p, data, null, evalOrder));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        sampleGradients += visited(results, plans.get(0).batchSize(), data.rows());
        double rate = sampleGradients / seconds;
        String detail = String.format(Locale.ROOT, "%d %s one after another (Trainer, each alone) on 1 thread: %s"
                        + " in %.2f s; × %d threads, if they scaled perfectly: %.4f M/s (not measured)",
                plans.size(), plans.size() == 1 ? "trial" : "trials", Way.count(sampleGradients), seconds, threads,
                rate * threads / 1e6);
        return new Way("unfused", sampleGradients, seconds, 1, detail);
    }

    private static long visited(List<TrialResult> results, int batch, int rows) {
        long n = 0;
        for (TrialResult r : results) {
            n += BenchProblem.rowsVisited(r.steps(), batch, rows);
        }
        return n;
    }
}
