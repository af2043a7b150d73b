package dev.lrsweep.sweep;

import dev.lrsweep.core.diagnose.Thresholds;
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
                          Diagnose diagnose, String rankBy, String output) implements Serializable {

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
     */
    public record Data(String path, String format, Map<String, String> options, String label, List<String> features,
                       String vectorColumn, double validationFraction, String validationPath, boolean standardize,
                       long maxRows, String storage, int validationRows, String layout, int shards)
            implements Serializable {
        /** The layouts of the training rows. */
        public static final List<String> LAYOUTS = List.of("auto", "replicated", "sharded");
        public static final int AUTO_SHARDS = 0;
        public static final int DEFAULT_VALIDATION_ROWS = 10_000;

        /** The same data with the layout resolved. */
        public Data withLayout(String resolvedLayout, int resolvedShards) {
            return new Data(path, format, options, label, features, vectorColumn, validationFraction, validationPath,
                    standardize, maxRows, storage, validationRows, resolvedLayout, resolvedShards);
        }

        public boolean hasValidation() {
            return validationPath != null || validationFraction > 0;
        }
    }

    /**
     * @param classes softmax only: the number of classes, or 0 to take the largest label + 1
     * @param init    {@code zeros} or {@code {type: normal, std: 0.01}}
     */
    public record ModelSettings(String type, int classes, Spec init) implements Serializable {
    }

    /**
     * The grid. A batch size of {@link #FULL_BATCH} means every training row.
     */
    public record Grid(List<Double> learningRates, List<Spec> schedules, List<Integer> batchSizes,
                       List<Spec> optimizers, List<Long> seeds) implements Serializable {
        public static final int FULL_BATCH = -1;

        public int size() {
            return learningRates.size() * schedules.size() * batchSizes.size() * optimizers.size() * seeds.size();
        }
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
        return new SweepConfig(name, seed, resolved, model, grid, train, diagnose, rankBy, output);
    }

    /** The settings every trial shares, for the trainer. */
    public TrainingSettings trainingSettings() {
        return new TrainingSettings(train.shuffle(), train.evaluation(), train.logEvery(), train.clipGradNorm(),
                diagnose.divergenceFactor(), TrainingSettings.DEFAULT_LOSS_EMA_BETA);
    }
}
