package dev.lrsweep.sweep;

import dev.lrsweep.core.batch.ScalingRule;
import dev.lrsweep.core.diagnose.Thresholds;
import dev.lrsweep.core.model.Architecture;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.Budget;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.TrainingSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A sweep file, read and checked ({@link SweepFile#parse}): every key known, every value of the right type and
 * in range, every default filled in. The README's "Sweep file reference" documents each key.
 */
public record SweepConfig(String name, long seed, Data data, ModelSettings model, Grid grid, Train train,
                          Diagnose diagnose, String rankBy, String output, RangeTest rangeTest)
        implements Serializable {
    /**
     * The refusal of an automatic ladder in the sharded layout: checked with the sweep file when the layout is given,
     * and once the data is read when {@code auto} chose it.
     */
    public static final String AUTO_LADDER_IN_SHARDED_LAYOUT = "learning_rates: auto runs its range test on every"
            + " training row, which the sharded layout keeps on the executors; set data.layout: replicated, or give"
            + " the rates";


    /** The orders trials can be ranked by. */
    public static final List<String> RANK_BY = List.of("final_val_loss", "best_val_loss", "final_train_loss");
    /** The data formats the reader accepts. */
    public static final List<String> FORMATS = List.of("parquet", "csv", "libsvm", "orc", "json");

    /**
     * Where the training rows come from and how they are prepared.
     *
     * @param features           feature column names; null for every numeric column but the label
     * @param vectorColumn       the one vector column holding the features, or null
     * @param validationFraction the fraction of rows held out, 0 for none (ignored when validationPath is set)
     * @param validationPath     a separate validation data set with the same columns, or null
     * @param maxRows            sample the training rows down to this many; 0 for no cap
     * @param storage            {@code float64}, or {@code float32} to halve the memory the rows take
     * @param validationRows     the cap on validation rows the validation loss is evaluated on (a fixed, seeded
     *                           subset)
     * @param layout             where the training rows live: {@code auto}, {@code replicated} or {@code sharded}
     *                           ({@link #LAYOUTS})
     * @param shards             the number of shards of the sharded layout; {@link #AUTO_SHARDS} to take it from
     *                           the packed rows' size
     * @param dropInvalid        drop the rows with a missing, non-numeric or non-finite label or feature (and say how
     *                           many) instead of refusing the data
     */
    public record Data(String path, String format, Map<String, String> options, String label, List<String> features,
                       String vectorColumn, double validationFraction, String validationPath, boolean standardize,
                       long maxRows, String storage, int validationRows, String layout, int shards,
                       boolean dropInvalid) implements Serializable {
        /** The layouts of the training rows. */
        public static final List<String> LAYOUTS = List.of("auto", "replicated", "sharded");
        public static final int AUTO_SHARDS = 0;
        public static final int DEFAULT_VALIDATION_ROWS = 10_000;

        /** The same data with the layout resolved. */
        public Data withLayout(String resolvedLayout, int resolvedShards) {
            return new Data(path, format, options, label, features, vectorColumn, validationFraction, validationPath,
                    standardize, maxRows, storage, validationRows, resolvedLayout, resolvedShards, dropInvalid);
        }

        public boolean hasValidation() {
            return validationPath != null || validationFraction > 0;
        }
    }

    /**
     * @param classes    softmax (or an mlp's softmax output) only: the number of classes, or 0 to take the largest
     *                   label + 1
     * @param init       {@code zeros} or {@code {type: normal, std: 0.01}}; an mlp has PyTorch's default instead
     * @param hidden     mlp only: the hidden layers' widths (empty otherwise)
     * @param activation mlp only: {@code relu}, {@code tanh} or {@code gelu} (null otherwise)
     * @param output     mlp only: {@code linear}, {@code logistic} or {@code softmax} (null otherwise)
     * @param initScale  mlp only: the factor of the initial weights (1 otherwise); {@code grid.init_scales}
     *                   makes it an axis instead
     */
    public record ModelSettings(String type, int classes, Spec init, List<Integer> hidden, String activation,
                                String output, double initScale) implements Serializable {

        /** A regression model's settings. */
        public ModelSettings(String type, int classes, Spec init) {
            this(type, classes, init, List.of(), null, null, 1.0);
        }

        /** What the core builds the model from. */
        public Architecture architecture() {
            return new Architecture(type, hidden, activation, output);
        }

        /** The regression model whose loss and labels this model has ({@link Architecture#lossType}). */
        public String lossType() {
            return architecture().lossType();
        }
    }

    /**
     * The grid. A batch size of {@link #FULL_BATCH} means every training row.
     *
     * @param learningRates  the ladder (for the batch size {@code scaleWithBatch} names, when it is set); empty while
     *                       {@code auto} is to choose it
     * @param clipGradNorms  {@code grid.clip_grad_norms}, NaN for no clipping; empty when the sweep file gives no
     *                       such axis (every trial then clips as {@code train.clip_grad_norm} says)
     * @param initScales     {@code grid.init_scales}; empty when the sweep file gives no such axis (every trial
     *                       then starts as {@code model.init_scale} says)
     * @param auto           a ladder for a range test to lay ({@code learning_rates: auto}), null for a given one
     * @param scaleWithBatch how the ladder moves with the batch size, or null for the same ladder at every size
     */
    public record Grid(List<Double> learningRates, List<Spec> schedules, List<Integer> batchSizes,
                       List<Spec> optimizers, List<Long> seeds, List<Double> clipGradNorms, List<Double> initScales,
                       AutoLadder auto, BatchScaling scaleWithBatch) implements Serializable {
        public static final int FULL_BATCH = -1;

        public int size() {
            return learningRates.size() * schedules.size() * batchSizes.size() * optimizers.size() * seeds.size()
                    * Math.max(1, clipGradNorms.size()) * Math.max(1, initScales.size());
        }

        /** The rates a trial at this grid batch size tries: the ladder, scaled to the batch size when asked to. */
        public List<Double> learningRates(int batchSize) {
            if (scaleWithBatch == null) {
                return learningRates;
            }
            double factor = scaleWithBatch.factor(batchSize);
            return learningRates.stream().map(lr -> lr * factor).toList();
        }

        /** The same grid with this ladder, chosen: no longer automatic. */
        public Grid withLearningRates(List<Double> ladder) {
            return new Grid(List.copyOf(ladder), schedules, batchSizes, optimizers, seeds, clipGradNorms, initScales,
                    null, scaleWithBatch);
        }
    }

    /**
     * {@code learning_rates: auto}: the ladder a range test lays, from {@code span} decades below the lowest
     * suggested rate to above the highest edge, {@code perDecade} rates per decade.
     */
    public record AutoLadder(int perDecade, double span) implements Serializable {
        public static final int DEFAULT_PER_DECADE = 3;
        public static final double DEFAULT_SPAN = 2;
    }

    /**
     * {@code grid.scale_lr_with_batch}: the ladder is given for batch size {@code reference} and carried to every
     * other batch size by the rule, α·(B / B₀)^k.
     */
    public record BatchScaling(ScalingRule rule, int reference) implements Serializable {
        public double factor(int batchSize) {
            return rule.factor(batchSize, reference);
        }
    }

    /**
     * The learning-rate range test ({@code range_test}): runs whose rate ramps from {@code from} to {@code to} over
     * at most {@code steps} updates, stopped once the smoothed loss exceeds {@code stopFactor} × its lowest, with
     * {@code seeds} seeds per optimizer and batch size.
     */
    public record RangeTest(double from, double to, int steps, int seeds, double stopFactor) implements Serializable {
        public static final double DEFAULT_FROM = 1e-7;
        public static final double DEFAULT_TO = 1e3;
        public static final int DEFAULT_STEPS = 200;
        public static final int DEFAULT_SEEDS = 3;
        public static final double DEFAULT_STOP_FACTOR = 4;

        public static RangeTest defaults() {
            return new RangeTest(DEFAULT_FROM, DEFAULT_TO, DEFAULT_STEPS, DEFAULT_SEEDS, DEFAULT_STOP_FACTOR);
        }
    }

    /** The clipping thresholds of the grid's trials: its axis, or the one {@code train.clip_grad_norm} gives. */
    public List<Double> clipGradNorms() {
        return grid.clipGradNorms().isEmpty() ? List.of(train.clipGradNorm()) : grid.clipGradNorms();
    }

    /** The initial scales of the grid's trials: its axis, or the one {@code model.init_scale} gives. */
    public List<Double> initScales() {
        return grid.initScales().isEmpty() ? List.of(model.initScale()) : grid.initScales();
    }

    /**
     * @param evaluation when the losses are evaluated: points per run ({@code evaluations}) or every N updates
     * @param evalRows   the cap on training rows used to evaluate the training loss (a fixed, seeded subset)
     */
    public record Train(Budget budget, boolean shuffle, EvaluationCadence evaluation, int evalRows, int logEvery,
                        double clipGradNorm) implements Serializable {
    }

    public record Diagnose(double divergenceFactor, Thresholds thresholds) implements Serializable {
    }

    /** The same sweep with other data settings (the layout, once resolved). */
    public SweepConfig withData(Data resolved) {
        return new SweepConfig(name, seed, resolved, model, grid, train, diagnose, rankBy, output, rangeTest);
    }

    /** The same sweep writing to another output. */
    public SweepConfig withOutput(String path) {
        return new SweepConfig(name, seed, data, model, grid, train, diagnose, rankBy, path, rangeTest);
    }

    /** The same sweep with this ladder, chosen (by a range test, or read back from an interrupted run). */
    public SweepConfig withLearningRates(List<Double> ladder) {
        return new SweepConfig(name, seed, data, model, grid.withLearningRates(ladder), train, diagnose, rankBy,
                output, rangeTest);
    }

    /** The settings every trial shares, for the trainer. */
    public TrainingSettings trainingSettings() {
        return new TrainingSettings(train.shuffle(), train.evaluation(), train.logEvery(), train.clipGradNorm(),
                diagnose.divergenceFactor(), TrainingSettings.DEFAULT_LOSS_EMA_BETA);
    }
}
