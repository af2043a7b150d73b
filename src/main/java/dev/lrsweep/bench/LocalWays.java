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
import java.util.stream.IntStream;

/** The ways that train in this JVM without Spark: blocks of trials on threads, and trials one after another. */
public final class LocalWays {
    /** The most updates of each trainer in one round of the warm-up. */
    static final long WARM_UP_STEPS = 3000;
    /** The fewest rounds of the warm-up. */
    static final int WARM_UP_MIN_ROUNDS = 6;
    /** The warm-up ends when a round's time is within this fraction of the round before. */
    static final double WARM_UP_SETTLED = 0.05;
    /** The warm-up ends after this long even when the rounds still disagree (a noisy machine). */
    static final long WARM_UP_MAX_NANOS = 20_000_000_000L;

    private LocalWays() {
    }

    /** What the warm-up ran: its rounds and seconds, and whether the last two rounds agreed. */
    public record WarmUp(int rounds, double seconds, boolean settled, long steps) {
        /** One line for the bench's output. */
        public String describe(Collection<Integer> widths) {
            return String.format(Locale.ROOT, "%d rounds of the trainers at widths %s on the first rows (up to %d"
                            + " updates each), %.1f s, %s", rounds, new TreeSet<>(widths), steps, seconds,
                    settled ? String.format(Locale.ROOT, "until two rounds took times within %.0f %%",
                            100 * WARM_UP_SETTLED) : "stopped before two rounds agreed (a noisy machine)");
        }
    }

    /**
     * Untimed rounds of the trainers at every block width the timed runs use (1 = {@link Trainer}), on the first
     * rows and for up to {@value #WARM_UP_STEPS} updates each (fewer for a perceptron: {@link
     * BenchProblem#warmUpSteps}), so that the timed runs start with compiled code (in
     * this JVM: in local mode, also the executors'). The trainer's loop runs once per block and its bookkeeping
     * is compiled last, and a branch C2 has never seen taken (an evaluation point, say) costs a deoptimisation
     * the first time it is: two short rounds left the first timed runs of a bench 20–40 % slow. So the rounds
     * evaluate the trials and go on until one takes within 5 % of the time of the one before (at least {@value
     * #WARM_UP_MIN_ROUNDS} rounds, at most 20 s). The JIT compiles the kernel for the widths it has seen, so later
     * figures still depend somewhat on what ran before them.
     *
     * @param plans at least as many plans as the widest block
     */
    public static WarmUp warmUp(List<TrialPlan> plans, BenchProblem problem, Collection<Integer> widths) {
        DataBlock head = problem.block(Math.min(problem.rows(), 4096));
        int[] order = problem.evalOrder() == null ? null
                : IntStream.range(0, Math.min(head.rows(), BenchProblem.EVAL_ROWS)).toArray();
        long steps = problem.warmUpSteps(WARM_UP_STEPS);
        Settling.Result settling = Settling.untilSteady(() -> {
            long started = System.nanoTime();
            for (int width : new TreeSet<>(widths)) {
                List<TrialPlan> block = new ArrayList<>();
                for (TrialPlan p : plans.subList(0, Math.min(plans.size(), width))) {
                    block.add(shortened(p, steps));
                }
                if (block.size() == 1) {
                    Trainer.train(block.get(0), head, null, order);
                } else {
                    BlockTrainer.train(block, head, null, order);
                }
            }
            return System.nanoTime() - started;
        }, WARM_UP_SETTLED, WARM_UP_MIN_ROUNDS, 0, WARM_UP_MAX_NANOS);
        return new WarmUp(settling.rounds(), settling.seconds(), settling.settled(), steps);
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

    /**
     * The plan cut to at most {@code steps} updates, evaluated and logged three times in them, so that the
     * warm-up takes the trainer's branches for evaluation points as well as for the steps between them.
     */
    private static TrialPlan shortened(TrialPlan p, long steps) {
        long total = Math.min(steps, p.totalSteps());
        int every = (int) Math.max(1, total / 3);
        return new TrialPlan(p.model(), p.optimizer(), p.schedule(), p.batchSize(), total, p.seed(),
                p.initialParams(), p.settings().withEvaluation(every, every));
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
