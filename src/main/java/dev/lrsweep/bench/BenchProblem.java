package dev.lrsweep.bench;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.train.Budget;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.io.Subsets;
import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import dev.lrsweep.synthetic.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The one problem a bench trains: a seeded synthetic data set ({@link SyntheticData}, condition 1) and a grid of
 * sgd trials with a constant rate, learning rates log-spaced from {@value #LOWEST_RATE} to {@value #HIGHEST_RATE},
 * all with the same batch size, budget and seed, so that lrsweep trains them in blocks that share mini-batches.
 * The model is logistic or linear regression, or a perceptron with relu hidden layers and a softmax output on a
 * set of the softmax kind (an MNIST-shaped one: 784 Gaussian features, 10 classes).
 * Every trial is evaluated at its start and once per epoch (at its end when shorter) on at most
 * {@value #EVAL_ROWS} rows, so the figures measure training.
 *
 * <p>A <em>sample-gradient</em> is one row's gradient for one trial; a trial that runs {@code steps} updates of
 * batch B over n rows makes {@link #rowsVisited} of them (the last batch of an epoch may be short).
 */
public final class BenchProblem {
    /** The smallest learning rate of the ladder. */
    public static final double LOWEST_RATE = 1e-4;
    /** The largest learning rate of the ladder. */
    public static final double HIGHEST_RATE = 1.0;
    /** The most training rows the training loss is evaluated on. */
    public static final int EVAL_ROWS = 1000;

    private final SyntheticData data;
    /** A perceptron's hidden layers; empty for the regression models. */
    private final List<Integer> hidden;
    private final int rows;
    private final int batch;
    private final Budget budget;
    private final long seed;
    private final boolean float32;

    /**
     * A regression problem.
     *
     * @param kind    logistic or linear
     * @param float32 hold the training rows as float32 ({@code data.storage: float32}) instead of float64
     * @throws IllegalArgumentException naming the option that is out of range
     */
    public BenchProblem(SyntheticData.Kind kind, int rows, int features, int batch, Budget budget, long seed,
            boolean float32) {
        this(kind, List.of(), 0, rows, features, batch, budget, seed, float32);
    }

    /**
     * A regression problem (hidden empty, kind logistic or linear), or a perceptron with these hidden layers and a
     * softmax output over {@code classes} classes (kind softmax).
     *
     * @throws IllegalArgumentException naming the option that is out of range
     */
    public BenchProblem(SyntheticData.Kind kind, List<Integer> hidden, int classes, int rows, int features,
            int batch, Budget budget, long seed, boolean float32) {
        if ((kind == SyntheticData.Kind.SOFTMAX) == hidden.isEmpty()) {
            throw new IllegalArgumentException("--kind must be logistic, linear or mlp");
        }
        if (hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("--hidden must list widths of at least 1, got " + hidden);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
        }
        if (batch < 1 || batch > rows) {
            throw new IllegalArgumentException("--batch must lie in 1 … rows (" + rows + "), got " + batch);
        }
        this.data = new SyntheticData(kind, features, classes, 1.0, SyntheticData.defaultNoise(kind), seed, true);
        this.hidden = List.copyOf(hidden);
        this.rows = rows;
        this.batch = batch;
        this.budget = budget;
        this.seed = seed;
        this.float32 = float32;
    }

    /** The storage of the training rows, as the sweep file names it. */
    public String storage() {
        return float32 ? "float32" : "float64";
    }

    /** The same problem, trained for {@code steps} updates per trial. */
    public BenchProblem shortened(long steps) {
        return new BenchProblem(data.kind(), hidden, data.classes(), rows, features(), batch, Budget.ofSteps(steps),
                seed, float32);
    }

    /** True for a perceptron. */
    public boolean perceptron() {
        return !hidden.isEmpty();
    }

    /** The widths of the layers' inputs and outputs: d, the hidden layers, the outputs. */
    private List<Integer> widths() {
        List<Integer> w = new ArrayList<>();
        w.add(features());
        w.addAll(hidden);
        w.add(perceptron() ? data.classes() : 1);
        return w;
    }

    /**
     * The flops counted per sample-gradient: 2 per weight for the forward pass and 2 for its gradient (4·d for
     * the regression models), and 2 per weight of each layer after the first for the slopes passed back to its
     * inputs. Biases, activations, the loss, the optimizer's update, shuffles and evaluation are not counted.
     */
    public double flopsPerSampleGradient() {
        List<Integer> w = widths();
        double flops = 0;
        for (int l = 1; l < w.size(); l++) {
            flops += (l == 1 ? 4.0 : 6.0) * w.get(l - 1) * w.get(l);
        }
        return flops;
    }

    /** How the flops are counted, for the bench's output. */
    public String countingNote() {
        if (!perceptron()) {
            return "4·d = " + 4 * features() + " flops per sample-gradient (forward 2d + gradient 2d; bias, loss,"
                    + " optimizer update, shuffles and evaluation not counted)";
        }
        return String.format(Locale.ROOT, "%.0f flops per sample-gradient (%s: 2 per weight forward, 2 per weight"
                + " for its gradient, 2 per weight of the later layers for the slopes of their inputs; biases,"
                + " activations, loss, optimizer update, shuffles and evaluation not counted)",
                flopsPerSampleGradient(), shape());
    }

    /** The perceptron's shape, {@code 784–128–10}, or the regression's. */
    public String shape() {
        StringBuilder out = new StringBuilder();
        for (int w : widths()) {
            out.append(out.length() == 0 ? "" : "–").append(w);
        }
        return out.toString();
    }

    /**
     * The most updates of a warm-up round or a brief untimed sweep: {@code steps} for a regression model, scaled
     * down by how many more flops a perceptron's update takes (at least 50), so that a round takes about as long.
     */
    public long warmUpSteps(long steps) {
        double scale = 4.0 * 100 / flopsPerSampleGradient();
        return perceptron() ? Math.max(50, Math.min(steps, (long) (steps * scale))) : steps;
    }

    /** The classes of a perceptron's softmax output (0 for the regression models). */
    public int classes() {
        return data.classes();
    }

    public SyntheticData data() {
        return data;
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return data.features();
    }

    public int batch() {
        return batch;
    }

    public long stepsPerEpoch() {
        return TrialPlan.stepsPerEpoch(rows, batch);
    }

    /** The updates every trial plans. */
    public long steps() {
        return budget.totalSteps(stepsPerEpoch());
    }

    /** The packed training rows' size in bytes: rows × features values of the storage type, and rows labels. */
    public long packedBytes() {
        return (long) rows * features() * (float32 ? Float.BYTES : Double.BYTES) + (long) rows * Double.BYTES;
    }

    /** The rows in memory, row i from (seed, i), exactly the rows {@code generate} writes for the same options. */
    public DataBlock block() {
        return block(rows);
    }

    /** The first {@code rows} rows in memory. */
    public DataBlock block(int rows) {
        int d = features();
        double[] x = new double[rows * d];
        double[] y = new double[rows];
        IntStream.range(0, rows).parallel().forEach(i -> {
            double[] row = new double[d];
            y[i] = data.row(i, row);
            System.arraycopy(row, 0, x, i * d, d);
        });
        return DataBlock.of(rows, d, x, y, float32);
    }

    /** The training rows the training loss is evaluated on (null for all), as a sweep of this problem chooses. */
    public int[] evalOrder() {
        return Subsets.evalOrder(rows, EVAL_ROWS, seed);
    }

    /** {@code count} learning rates log-spaced from {@value #LOWEST_RATE} to {@value #HIGHEST_RATE}, both included. */
    public static List<Double> rates(int count) {
        List<Double> out = new ArrayList<>(count);
        double lo = Math.log10(LOWEST_RATE);
        double hi = Math.log10(HIGHEST_RATE);
        for (int k = 0; k < count; k++) {
            out.add(count == 1 ? Math.pow(10, (lo + hi) / 2) : Math.pow(10, lo + (hi - lo) * k / (count - 1)));
        }
        return out;
    }

    /** {@code count} of the list's elements, evenly spread from its first to its last. */
    public static <T> List<T> spread(List<T> list, int count) {
        List<T> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(list.get(count == 1 ? 0 : (int) Math.round((double) k * (list.size() - 1) / (count - 1))));
        }
        return out;
    }

    /** The sweep of {@code trials} sgd trials over this problem, as {@code lrsweep run} would read it. */
    public SweepConfig sweep(int trials, String dataPath, String output) {
        long every = Math.max(1, Math.min(stepsPerEpoch(), steps()));
        int evalEvery = (int) Math.min(Integer.MAX_VALUE, every);
        StringBuilder rates = new StringBuilder();
        for (double r : rates(trials)) {
            rates.append(rates.length() == 0 ? "" : ", ").append(r);
        }
        String yaml = String.join("\n",
                "name: bench",
                "seed: " + seed,
                "data: {path: " + quote(dataPath) + ", format: parquet, label: label, storage: " + storage() + "}",
                "model: {type: " + (perceptron() ? "mlp, hidden: " + hidden + ", activation: relu, output: softmax"
                        : data.kind().label()) + "}",
                "train: {" + (budget.epochs() > 0 ? "epochs: " + budget.epochs() : "steps: " + budget.steps())
                        + ", shuffle: true, eval_every: " + evalEvery + ", eval_rows: " + EVAL_ROWS
                        + ", log_every: " + evalEvery + "}",
                "grid:",
                "  learning_rates: [" + rates + "]",
                "  schedules: [constant]",
                "  batch_sizes: [" + batch + "]",
                "  optimizers: [sgd]",
                "output: " + quote(output),
                "");
        return SweepFile.parse(yaml, "bench");
    }

    /** The trials' plans, for training them in this process. */
    public List<TrialPlan> plans(SweepConfig sweep) {
        TrialPlanner planner = new TrialPlanner(sweep, features(), data.classes(), rows);
        List<TrialPlan> plans = new ArrayList<>();
        for (TrialSpec t : Grid.expand(sweep)) {
            plans.add(planner.plan(t));
        }
        return plans;
    }

    /** The sample-gradients of a trial that made {@code steps} updates of batch {@code batch} over {@code rows} rows. */
    public static long rowsVisited(long steps, int batch, long rows) {
        long perEpoch = TrialPlan.stepsPerEpoch(rows, batch);
        return steps / perEpoch * rows + Math.min(steps % perEpoch * batch, rows);
    }

    /** The problem in words: {@code 200000 rows × 100 features (logistic, …), batch 64, 1 epoch = 3125 steps …}. */
    public String describe() {
        String length = budget.epochs() > 0
                ? budget.epochs() + (budget.epochs() == 1 ? " epoch = " : " epochs = ") + steps() + " steps"
                : steps() + " steps";
        return String.format(Locale.ROOT, "%d rows × %d features (%s, held as %s)%s, batch %d, %s per trial",
                rows, features(), data.describe(), storage(), perceptron() ? ", perceptron " + shape()
                        + " (relu, softmax output)" : "", batch, length);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
