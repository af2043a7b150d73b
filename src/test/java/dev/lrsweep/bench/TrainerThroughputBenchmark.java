package dev.lrsweep.bench;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of one trial on one thread: how many per-row gradients ({@code sample-gradients}) the trainer
 * computes per second for linear regression with d = 100 features, mini-batches of 64, over 100,000 rows for 5
 * epochs, with sgd and adam, each with a fresh shuffle every epoch and in input order. A plain harness, not a unit test: each optimizer is run a few times to warm
 * up the JIT, then timed over several repetitions, and the median, minimum and maximum are printed.
 *
 * <p>A sample-gradient is counted as 4·d floating-point operations: the dot product w·x (2d) and the gradient
 * accumulation g += s·x (2d). The optimizer's update, O(d) per batch, the per-epoch shuffle and one evaluation of
 * the training loss on 4,096 rows per epoch are timed but not counted.
 *
 * <p>Run from the project directory with:
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.mainClass=dev.lrsweep.bench.TrainerThroughputBenchmark -Dexec.classpathScope=test
 * </pre>
 * Optional arguments: rows, epochs, warm-up runs, timed repetitions (default {@code 100000 5 3 7}).
 */
public final class TrainerThroughputBenchmark {
    static final int FEATURES = 100;
    static final int BATCH = 64;

    private TrainerThroughputBenchmark() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        if (repetitions < 5) {
            throw new IllegalArgumentException("at least 5 timed repetitions, got " + repetitions);
        }
        DataBlock data = data(rows, FEATURES, 42L);
        int[] evalOrder = new int[Math.min(rows, 4096)];
        Arrays.setAll(evalOrder, i -> i);

        System.out.printf("linear regression, d = %d, batch %d, %,d rows x %d epochs, %d warm-up runs, %d timed%n",
                FEATURES, BATCH, rows, epochs, warmups, repetitions);
        System.out.printf("%-18s %20s %24s %8s %10s%n", "optimizer, order", "sample-gradients/s", "(min .. max)",
                "GFLOP/s", "ns/sample");
        for (boolean shuffle : new boolean[] {true, false}) {
            for (Spec optimizer : List.of(Spec.of("sgd"), Spec.of("adam"))) {
                double alpha = optimizer.type().equals("sgd") ? 0.01 : 1e-3;
                TrialPlan plan = plan(optimizer, alpha, rows, epochs, data.features(), shuffle);
                measure(optimizer.type() + (shuffle ? ", shuffled" : ", in order"), plan, data, evalOrder, warmups,
                        repetitions);
            }
        }
    }

    /** Warms up, times the repetitions and prints one row of the table. */
    static void measure(String name, TrialPlan plan, DataBlock data, int[] evalOrder, int warmups, int repetitions) {
        for (int i = 0; i < warmups; i++) {
            run(plan, data, evalOrder);
        }
        double[] rates = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            rates[i] = run(plan, data, evalOrder);
        }
        Arrays.sort(rates);
        double median = repetitions % 2 == 1 ? rates[repetitions / 2]
                : (rates[repetitions / 2 - 1] + rates[repetitions / 2]) / 2;
        System.out.printf("%-18s %20s %24s %8.2f %10.1f%n", name, String.format("%,.0f", median),
                String.format("(%,.0f .. %,.0f)", rates[0], rates[repetitions - 1]),
                4.0 * FEATURES * median / 1e9, 1e9 / median);
    }

    /** Sample-gradients per second of one training run. */
    static double run(TrialPlan plan, DataBlock data, int[] evalOrder) {
        long started = System.nanoTime();
        TrialResult result = Trainer.train(plan, data, null, evalOrder);
        long elapsed = System.nanoTime() - started;
        if (result.state().diverged() || result.steps() != plan.totalSteps()) {
            throw new IllegalStateException("the benchmark run diverged: " + result.state().divergenceCause());
        }
        long samples = (long) data.rows() * plan.totalSteps() / TrialPlan.stepsPerEpoch(data.rows(), BATCH);
        return samples / (elapsed / 1e9);
    }

    static TrialPlan plan(Spec optimizer, double alpha, int rows, int epochs, int features, boolean shuffle) {
        Model model = new LinearRegression(features);
        long stepsPerEpoch = TrialPlan.stepsPerEpoch(rows, BATCH);
        long steps = stepsPerEpoch * epochs;
        TrainingSettings settings = TrainingSettings.defaults().withShuffle(shuffle)
                .withEvaluation((int) Math.min(Integer.MAX_VALUE, stepsPerEpoch), 1000);
        return new TrialPlan(model, Optimizers.create(optimizer).optimizer(),
                Schedules.create(Spec.of("cosine"), alpha, steps).schedule(), BATCH, steps, 7L,
                new double[model.parameterCount()], settings);
    }

    /** Standard normal features and y = w*·x + 1 + noise, from a seed. */
    static DataBlock data(int rows, int features, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        double[] w = new double[features];
        for (int j = 0; j < features; j++) {
            w[j] = random.nextGaussian() / Math.sqrt(features);
        }
        double[] x = new double[rows * features];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double z = 1.0;
            for (int j = 0; j < features; j++) {
                double v = random.nextGaussian();
                x[i * features + j] = v;
                z += w[j] * v;
            }
            y[i] = z + 0.1 * random.nextGaussian();
        }
        return new DataBlock(rows, features, x, y);
    }
}
