package dev.lrsweep.cli;

import dev.lrsweep.bench.BenchProblem;
import dev.lrsweep.bench.HeapWatch;
import dev.lrsweep.bench.KernelComparison;
import dev.lrsweep.bench.LocalWays;
import dev.lrsweep.bench.MllibWay;
import dev.lrsweep.bench.Peak;
import dev.lrsweep.bench.SparkWay;
import dev.lrsweep.bench.Way;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.DenseKernel;
import dev.lrsweep.core.train.Budget;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.synthetic.SyntheticData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scala.Tuple2;

/**
 * {@code lrsweep bench}: one seeded synthetic problem trained three ways in one run — lrsweep's grid of trials
 * through its own {@code run} path (or its blocks on threads), MLlib's {@code GradientDescent.runMiniBatchSGD},
 * and single trials one after another — printing trial-sample-gradients per second, GFLOP/s, the fraction of the
 * machine's FP64 peak (measured unless given) and the ratio to lrsweep for each, lrsweep's kernel against Spark's
 * BLAS on the block's two products, the heap during lrsweep's run,
 * and optionally how the cost grows when the trials double. Data generation, Spark's start, the trainers' warm-up and two brief
 * untimed sweeps through the run path (Spark's first jobs pay for class loading, code generation and compilation)
 * are never timed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark lrsweep's fused trial blocks against MLlib's mini-batch SGD and against trials"
                + " trained one after another, on one synthetic problem.",
                "Counts 4·d flops per sample-gradient (one row's gradient for one trial; a perceptron's: 4 per weight,"
                        + " 6 per weight after the first layer); the peak is measured (FMAs in registers on every core"
                        + " at once) unless --peak-gflops gives it."})
public final class BenchCommand implements Callable<Integer> {
    /** Updates per trial of the untimed sweeps that run lrsweep's Spark path before it is timed. */
    static final long SPARK_WARM_UP_STEPS = 3000;
    /**
     * Untimed sweeps before the timed ones. Each run reads, packs and trains anew, and the JIT is still compiling
     * Spark's and lrsweep's paths (on the cores the tasks train on) through the first two: with one brief sweep
     * of 200 updates, the first two timed runs of 64 trials × 10 epochs took 10–30 % longer than the rest.
     */
    static final int SPARK_WARM_UP_RUNS = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "logistic",
            description = "logistic, linear or mlp: a perceptron with relu hidden layers (--hidden) and a softmax"
                    + " output over --classes classes (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--rows", paramLabel = "N", description = "Training rows (default: 200000; mlp: 60000).")
    Integer rows;

    @Option(names = "--features", paramLabel = "D", description = "Features (default: 100; mlp: 784).")
    Integer features;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: 64; mlp: 128).")
    Integer batch;

    @Option(names = "--hidden", paramLabel = "N", split = ",", description = "mlp: the hidden layers' widths"
            + " (default: 128).")
    List<Integer> hidden;

    @Option(names = "--classes", paramLabel = "C", description = "mlp: the classes of the softmax output (default: 10).")
    Integer classes;

    @Option(names = "--trials", paramLabel = "T", defaultValue = "64",
            description = "lrsweep's trials: sgd, constant rate, α log-spaced from 1e-4 to 1 (default: ${DEFAULT-VALUE}).")
    int trials;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Length length;

    /** How long each trial trains. */
    static final class Length {
        @Option(names = "--epochs", required = true, paramLabel = "E", description = "Epochs per trial (default: 1).")
        long epochs;

        @Option(names = "--steps", required = true, paramLabel = "N", description = "Updates per trial instead of epochs.")
        long steps;
    }

    @Option(names = "--mllib-trials", paramLabel = "N", defaultValue = "2",
            description = "MLlib trials, α spread over lrsweep's ladder; 0 skips MLlib (default: ${DEFAULT-VALUE}).")
    int mllibTrials;

    @Option(names = "--mllib-iterations", paramLabel = "N", defaultValue = "200",
            description = "Iterations (one Spark job each) per MLlib trial (default: ${DEFAULT-VALUE}).")
    int mllibIterations;

    @Option(names = "--unfused-trials", paramLabel = "N", defaultValue = "4",
            description = "Trials trained one after another on one thread; 0 skips them (default: ${DEFAULT-VALUE}).")
    int unfusedTrials;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "spark",
            description = "spark: lrsweep's run path on the session's executors; threads: its blocks on --threads"
                    + " threads without Spark (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for --engine threads, and the multiple the unfused figure is scaled by (default:"
                    + " the available processors).")
    Integer threads;

    @Option(names = "--block-size", paramLabel = "N", defaultValue = "0",
            description = "--engine threads: trials per block (default: one block per thread).")
    int blockSize;

    @Option(names = "--storage", paramLabel = "TYPE", defaultValue = "float64",
            description = "How the training rows are held: float64 or float32 (data.storage; default: ${DEFAULT-VALUE}).")
    String storage;

    @Option(names = "--peak-gflops", paramLabel = "X", description = "The FP64 peak of one core in GFLOP/s, instead of the measured one.")
    Double peakGflops;

    @Option(names = "--scaling", description = "Also run lrsweep's way with twice the trials and print the wall-time ratio.")
    boolean scaling;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Runs of lrsweep's way (and of its doubled grid with --scaling); the run of median speed is"
                    + " the figure, each run is listed (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the data and the trials (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scratch", paramLabel = "DIR",
            description = "Where the data and results go while the bench runs, then deleted (default: a temporary"
                    + " local directory; a cluster needs a shared file system).")
    String scratch;

    /** The problem the options describe, once {@link #call} has checked them. */
    private BenchProblem problem;

    @Override
    public Integer call() throws IOException, InterruptedException {
        problem = problem();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Peak peak = Peak.of(peakGflops, threadCount);
        PrintWriter out = spec.commandLine().getOut();
        out.println("bench    " + problem.describe() + "; kernel " + DenseKernel.INSTANCE.describe());
        out.println("peak     " + peak.assumption());
        out.println("counting " + problem.countingNote());
        out.flush();

        SparkSession spark = SparkSession.builder().getOrCreate();
        Path root = scratchRoot();
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try {
            String dataPath = new Path(root, "data").toString();
            SparkWay.writeData(spark, problem, dataPath);
            SweepConfig sweep = problem.sweep(trials, dataPath, results(root, trials, 0));
            SweepConfig doubled = problem.sweep(2 * trials, dataPath, results(root, 2 * trials, 0));
            boolean onSpark = engine.equals("spark");
            TreeSet<Integer> widths = new TreeSet<>(Set.of(1));
            for (SweepConfig s : scaling ? List.of(sweep, doubled) : List.of(sweep)) {
                widths.addAll(onSpark ? SparkWay.widths(spark, problem, s)
                        : LocalWays.widths(s.grid().learningRates().size(), threadCount, blockSize));
            }
            LocalWays.WarmUp warmUp = LocalWays.warmUp(problem.plans(scaling ? doubled : sweep), problem, widths);
            out.println("warm-up  " + warmUp.describe(widths));
            int firstLayer = problem.perceptron() ? hidden.get(0) : 1;
            out.println("kernels  " + KernelComparison.describe(batch, features, firstLayer * widths.last())
                    + (problem.perceptron() ? " (the first layer's product of a block)" : ""));
            out.flush();
            if (onSpark) {
                // Spark's first jobs of a kind pay for class loading, code generation and compilation
                BenchProblem brief = problem.shortened(problem.warmUpSteps(SPARK_WARM_UP_STEPS));
                for (int r = 0; r < SPARK_WARM_UP_RUNS; r++) {
                    SparkWay.run(spark, brief, brief.sweep(trials, dataPath, new Path(root, "warm-up-" + r).toString()),
                            trials);
                }
            }
            DataBlock block = onSpark ? null : problem.block();

            List<Way> runs = new ArrayList<>();
            List<Way> doubledRuns = new ArrayList<>();
            HeapWatch heap;
            try (HeapWatch watch = new HeapWatch()) {
                runs.add(lrsweep(spark, problem, sweep, block, threadCount));
                heap = watch;
            }
            for (int r = 0; r < repeat; r++) {
                if (r > 0) {
                    runs.add(lrsweep(spark, problem, problem.sweep(trials, dataPath, results(root, trials, r)), block,
                            threadCount));
                }
                if (scaling) {
                    doubledRuns.add(lrsweep(spark, problem, r == 0 ? doubled
                            : problem.sweep(2 * trials, dataPath, results(root, 2 * trials, r)), block, threadCount));
                }
            }
            Way lrsweep = median(runs);
            if (repeat > 1) {
                out.println("runs     lrsweep, " + repeat + " runs: " + rates(runs) + " M/s; the median run:");
            }
            print(out, peak, lrsweep, null);
            if (mllibTrials > 0 && !problem.perceptron()) {
                JavaRDD<Tuple2<Object, Vector>> cached = MllibWay.cache(spark, dataPath, features);
                try {
                    print(out, peak, MllibWay.run(spark, cached, rows, problem.data().kind() == SyntheticData.Kind.LOGISTIC,
                            BenchProblem.spread(BenchProblem.rates(trials), mllibTrials), mllibIterations, batch,
                            features), lrsweep);
                } finally {
                    cached.unpersist(true);
                }
            }
            if (unfusedTrials > 0) {
                block = block == null ? problem.block() : block;
                List<TrialPlan> plans = problem.plans(sweep);
                LocalWays.warmUp(plans, problem, Set.of(1));
                print(out, peak, LocalWays.unfused(BenchProblem.spread(plans, unfusedTrials), block,
                        problem.evalOrder(), threadCount), lrsweep);
            }
            double packed = problem.packedBytes();
            out.printf(Locale.ROOT, "heap     during lrsweep's run, this JVM (driver%s): peak %s used, %s after GC"
                            + " (%s before, max %s); packed training data %s, so %.1f GB of heap above the baseline"
                            + " after GC per GB of data%n",
                    spark.sparkContext().isLocal() && onSpark ? " and local executors" : "",
                    Way.gb(heap.peakUsed()), Way.gb(heap.peakAfterGc()), Way.gb(heap.before()),
                    Way.gb(Runtime.getRuntime().maxMemory()), Way.gb(packed),
                    (heap.peakAfterGc() - heap.before()) / packed);
            for (int r = 0; r < doubledRuns.size(); r++) {
                Way once = runs.get(r);
                Way twice = doubledRuns.get(r);
                out.printf(Locale.ROOT, "scaling  %s%d → %d trials: %.2f s → %.2f s of training, ratio %.2f (2 if the"
                                + " cost grew in proportion to the trials); %.3f → %.3f M/s%n",
                        repeat > 1 ? "run " + (r + 1) + ", " : "", trials, 2 * trials, once.seconds(), twice.seconds(),
                        twice.seconds() / once.seconds(), once.rate() / 1e6, twice.rate() / 1e6);
            }
            if (doubledRuns.size() > 1) {
                double[] ratios = new double[doubledRuns.size()];
                for (int r = 0; r < ratios.length; r++) {
                    ratios[r] = doubledRuns.get(r).seconds() / runs.get(r).seconds();
                }
                Arrays.sort(ratios);
                out.printf(Locale.ROOT, "scaling  median ratio %.2f%n", ratios[(ratios.length - 1) / 2]);
            }
            out.flush();
        } finally {
            fs.delete(root, true);
        }
        return 0;
    }

    /** lrsweep's way: the sweep through the run path on Spark, or (with a block in memory) its blocks on threads. */
    private Way lrsweep(SparkSession spark, BenchProblem problem, SweepConfig sweep, DataBlock block, int threadCount)
            throws InterruptedException {
        int count = sweep.grid().learningRates().size();
        return block == null ? SparkWay.run(spark, problem, sweep, count).way()
                : LocalWays.blocksOnThreads(problem.plans(sweep), block, problem.evalOrder(), threadCount, blockSize);
    }

    /** Where run {@code run} of a sweep of {@code trials} trials writes its tables. */
    private static String results(Path root, int trials, int run) {
        return new Path(root, "results-" + trials + (run == 0 ? "" : "-" + run)).toString();
    }

    /** The run of median speed (of an even count, the slower of the middle two). */
    static Way median(List<Way> runs) {
        List<Way> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Way::rate));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The runs' speeds in M trial-sample-gradients/s, in the order they ran. */
    private static String rates(List<Way> runs) {
        StringBuilder out = new StringBuilder();
        for (Way w : runs) {
            out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", w.rate() / 1e6));
        }
        return out.toString();
    }

    /** The way's figures and, indented, what it ran. */
    private void print(PrintWriter out, Peak peak, Way way, Way reference) {
        double flopsPerSampleGradient = problem.flopsPerSampleGradient();
        out.println(way.figures(flopsPerSampleGradient, peak, reference));
        out.println("         " + way.detail());
        out.flush();
    }

    /** The problem the options describe, checked before Spark starts. */
    BenchProblem problem() {
        SyntheticData.Kind k = switch (kind) {
            case "logistic" -> SyntheticData.Kind.LOGISTIC;
            case "linear" -> SyntheticData.Kind.LINEAR;
            case "mlp" -> SyntheticData.Kind.SOFTMAX;
            default -> throw usage("--kind must be logistic, linear or mlp, got '" + kind + "'");
        };
        boolean mlp = k == SyntheticData.Kind.SOFTMAX;
        if (!mlp && (hidden != null || classes != null)) {
            throw usage("--hidden and --classes apply to --kind mlp only");
        }
        rows = rows != null ? rows : mlp ? 60_000 : 200_000;
        features = features != null ? features : mlp ? 784 : 100;
        batch = batch != null ? batch : mlp ? 128 : 64;
        hidden = mlp && hidden == null ? List.of(128) : hidden;
        if (!engine.equals("spark") && !engine.equals("threads")) {
            throw usage("--engine must be spark or threads, got '" + engine + "'");
        }
        if (trials < 1 || mllibTrials < 0 || unfusedTrials < 0 || mllibIterations < 1 || blockSize < 0
                || (threads != null && threads < 1) || repeat < 1) {
            throw usage("--trials, --mllib-iterations, --threads and --repeat must be at least 1, --mllib-trials,"
                    + " --unfused-trials and --block-size at least 0");
        }
        if (blockSize > 0 && !engine.equals("threads")) {
            throw usage("--block-size applies to --engine threads only");
        }
        if (unfusedTrials > trials || mllibTrials > trials) {
            throw usage("--unfused-trials and --mllib-trials take their rates from lrsweep's " + trials
                    + " trials: at most " + trials);
        }
        if (!storage.equals("float64") && !storage.equals("float32")) {
            throw usage("--storage must be float64 or float32, got '" + storage + "'");
        }
        if (peakGflops != null && !(peakGflops > 0)) {
            throw usage("--peak-gflops must be positive");
        }
        Budget budget;
        try {
            budget = length == null ? Budget.ofEpochs(1)
                    : length.steps > 0 ? Budget.ofSteps(length.steps) : Budget.ofEpochs(length.epochs);
            return new BenchProblem(k, mlp ? hidden : List.of(), mlp ? (classes == null ? 10 : classes) : 0, rows,
                    features, batch, budget, seed, storage.equals("float32"));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Path scratchRoot() throws IOException {
        if (scratch == null) {
            return new Path(Files.createTempDirectory("lrsweep-bench-").toUri());
        }
        return new Path(new Path(scratch), "lrsweep-bench-" + Long.toHexString(System.nanoTime()));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
