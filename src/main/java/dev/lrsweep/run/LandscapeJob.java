package dev.lrsweep.run;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.landscape.CurvatureAggregator;
import dev.lrsweep.core.landscape.Landscape;
import dev.lrsweep.core.landscape.Spectrum;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.optim.Sgd;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.io.Standardization;
import dev.lrsweep.io.Subsets;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.results.ResultColumn;
import dev.lrsweep.results.RowValues;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The landscape at the initial weights ({@link Landscape}) on Spark: a thin adapter that runs the core's passes
 * ({@link Spectrum}) over a broadcast of the training rows, or a seeded sample of {@value #SAMPLE_ROWS} of them. Each
 * pass is one job: a task per slice of {@value #SLICE_ROWS} rows adds its rows to the pass's aggregator, and the
 * driver merges the slices' aggregates in slice order, so the sums, and so every figure, come out the same whatever
 * the cluster's shape.
 */
public final class LandscapeJob {
    /** The most training rows the landscape is estimated on. */
    public static final int SAMPLE_ROWS = 20_000;
    /** The rows per task of a pass. */
    public static final int SLICE_ROWS = 4096;

    /** {@code landscape/}: one row per sweep. */
    public static final List<ResultColumn> COLUMNS = List.of(
            new ResultColumn("sweep", StringType, false, "the sweep's name"),
            new ResultColumn("model", StringType, false, "the model"),
            new ResultColumn("rows", LongType, false, "the training rows the estimates used: all of them, or a"
                    + " seeded sample of " + SAMPLE_ROWS),
            new ResultColumn("parameters", IntegerType, false, "the model's parameters"),
            new ResultColumn("lambda_max", DoubleType, false, "the largest eigenvalue of the loss's Hessian at the"
                    + " initial weights (Gauss–Newton for softmax), on the rows as trained (standardised when"
                    + " the sweep standardises)"),
            new ResultColumn("iterations", IntegerType, false, "passes over the rows"),
            new ResultColumn("converged", BooleanType, false, "whether λ_max's residual fell below 10⁻⁴ of it"),
            new ResultColumn("condition_number", DoubleType, true, "λ_max over the smallest non-zero eigenvalue"
                    + " (exact up to " + dev.lrsweep.core.landscape.Spectrum.MAX_ITERATIONS + " parameters, else a"
                    + " lower bound)"),
            new ResultColumn("gd_edge_lr", DoubleType, false, "2/λ_max: full-batch gradient descent diverges above"
                    + " it on the quadratic model"),
            new ResultColumn("momentum", DoubleType, true, "the sweep's heavy-ball momentum μ (its largest); null"
                    + " without"),
            new ResultColumn("heavy_ball_edge_lr", DoubleType, true, "2(1 + μ)/((1 − τ)λ_max), τ the dampening"),
            new ResultColumn("gradient_noise_scale", DoubleType, true, "B_simple = tr(Σ)/|G|² at the initial"
                    + " weights: batches much larger than this give diminishing returns per sample"),
            new ResultColumn("standardized", BooleanType, false, "whether the sweep standardises its features"),
            new ResultColumn("feature_std_min", DoubleType, true, "the smallest standard deviation of a"
                    + " non-constant feature, in the data's units"),
            new ResultColumn("feature_std_max", DoubleType, true, "the largest"),
            new ResultColumn("feature_scale_spread", DoubleType, true, "largest over smallest"),
            new ResultColumn("lambda_max_standardized", DoubleType, true, "λ_max of the same rows standardised;"
                    + " null when the sweep standardises"),
            new ResultColumn("standardize_gain", DoubleType, true, "`lambda_max` / `lambda_max_standardized`: how"
                    + " far `standardize: true` would raise the stable rate"));

    private LandscapeJob() {
    }

    /**
     * Estimates the landscape of a sweep's training rows: at most {@value #SAMPLE_ROWS} of them, a seeded sample;
     * in the sharded layout, the rows the training loss is evaluated on ({@code eval_rows}), which the driver holds.
     * A perceptron's is not measured (the curvature analysis covers the regression models).
     */
    public static Landscape run(SparkSession spark, SweepConfig config, TrainingData data, TrialPlanner planner) {
        DataBlock train = data.sharded() ? data.evaluation() : data.train();
        if (config.model().type().equals("mlp")) {
            return Landscape.unmeasured(train.rows(), planner.model().parameterCount(), data.standardization() != null);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long seed = SplitMix64.derive(config.seed(), Subsets.LANDSCAPE_STREAM);
        DataBlock sample = train.rows() <= SAMPLE_ROWS ? train
                : train.select(Subsets.choose(train.rows(), SAMPLE_ROWS, seed));
        boolean standardized = data.standardization() != null;
        double[] stds;
        double[] mean = null;
        double[] std = null;
        if (standardized) {
            stds = data.standardization().std().clone();
            for (String constant : data.standardization().constant()) {
                stds[data.featureNames().indexOf(constant)] = 0;
            }
        } else {
            Standardization fit = Standardization.fit(values(sample), sample.rows(), sample.features(),
                    data.featureNames());
            mean = fit.mean();
            std = fit.std();
            stds = fit.std().clone();
            for (String constant : fit.constant()) {
                stds[data.featureNames().indexOf(constant)] = 0;
            }
        }
        List<int[]> slices = new ArrayList<>();
        for (int from = 0; from < sample.rows(); from += SLICE_ROWS) {
            slices.add(new int[] {from, Math.min(sample.rows(), from + SLICE_ROWS)});
        }
        Broadcast<DataBlock> rows = jsc.broadcast(sample);
        JavaRDD<int[]> ranges = jsc.parallelize(slices, slices.size());
        String outputsOf = config.model().type();
        int outputs = outputsOf.equals("softmax") ? data.classes() : 1;
        try {
            jsc.setJobDescription("lrsweep " + config.name() + ": landscape");
            Spectrum.Result spectrum = Spectrum.estimate(config.model().type(), data.features(), outputs,
                    planner.initialParameters(config.grid().seeds().get(0)), mean, std, seed, empty -> {
                        List<CurvatureAggregator> parts = ranges.map(r -> empty.add(rows.value(), r[0], r[1])).collect();
                        CurvatureAggregator total = parts.get(0);
                        for (int i = 1; i < parts.size(); i++) {
                            total.merge(parts.get(i));
                        }
                        return total;
                    });
            double[] momentum = momentum(config.grid().optimizers());
            return Landscape.of(spectrum, planner.model().parameterCount(), momentum[0], momentum[1],
                    data.trainingRows(), standardized, stds);
        } finally {
            jsc.setJobDescription(null);
            rows.destroy(false);
        }
    }

    /** Writes the landscape as {@code landscape/} under {@code dir}. */
    public static void write(SparkSession spark, SweepConfig config, Landscape l, String dir) {
        spark.createDataFrame(List.of(RowFactory.create(config.name(), config.model().type(), l.rows(),
                        l.parameters(), l.lambdaMax(), l.iterations(), l.converged(), RowValues.absent(l.conditionNumber()),
                        l.gdEdgeLr(), RowValues.absent(l.momentum()), RowValues.absent(l.heavyBallEdgeLr()),
                        RowValues.absent(l.noiseScale()), l.standardized(), RowValues.absent(l.featureStdMin()),
                        RowValues.absent(l.featureStdMax()), RowValues.absent(l.featureScaleSpread()),
                        RowValues.absent(l.lambdaMaxStandardized()), RowValues.absent(l.standardizeGain()))),
                        ResultColumn.schema(COLUMNS))
                .coalesce(1).write().parquet(dir + "/landscape");
    }

    /**
     * The sweep's heavy-ball momentum and its dampening: of the SGD optimizers with momentum and without Nesterov's
     * form, the one with the largest momentum; NaN when there is none.
     */
    static double[] momentum(List<Spec> optimizers) {
        double[] best = {Double.NaN, 0};
        for (Spec spec : optimizers) {
            if (Optimizers.create(spec).optimizer() instanceof Sgd sgd && sgd.momentum() > 0 && !sgd.nesterov()
                    && !(sgd.momentum() <= best[0])) {
                best = new double[] {sgd.momentum(), sgd.dampening()};
            }
        }
        return best;
    }

    private static double[] values(DataBlock block) {
        double[] x = new double[block.rows() * block.features()];
        for (int i = 0; i < block.rows(); i++) {
            block.copyRow(i, x, i * block.features());
        }
        return x;
    }
}
