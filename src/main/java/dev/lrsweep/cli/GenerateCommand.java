package dev.lrsweep.cli;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.synthetic.SyntheticData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lrsweep generate}: writes a synthetic data set with a chosen condition number ({@link SyntheticData}).
 * Rows are made on the executors, each from (seed, row id), so the data do not depend on the partitioning.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a synthetic data set whose features have a chosen condition number.",
                "Features are Gaussian with covariance eigenvalues log-spaced from 1 down to 1/K, rotated by a"
                        + " seeded random orthogonal matrix; the labels come from seeded true weights."
                        + " The same options give the same rows."})
public final class GenerateCommand implements Callable<Integer> {
    /** The formats {@code generate} writes. */
    public static final List<String> FORMATS = List.of("parquet", "csv", "libsvm");

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = KindConverter.class,
            completionCandidates = KindCandidates.class,
            description = "linear (y = x·w + b + noise), logistic (0/1 labels) or softmax (labels 0 … C−1).")
    SyntheticData.Kind kind;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "Number of rows.")
    long rows;

    @Option(names = "--features", required = true, paramLabel = "D", description = "Number of feature columns x0 … x{D−1}.")
    int features;

    @Option(names = "--classes", paramLabel = "C", description = "softmax only: number of classes (default: 3).")
    Integer classes;

    @Option(names = "--condition", paramLabel = "K", defaultValue = "1",
            description = "Condition number of the feature covariance, at least 1 (default: ${DEFAULT-VALUE}).")
    double condition;

    @Option(names = "--noise", paramLabel = "S",
            description = {"linear: standard deviation of the Gaussian label noise (default 0.1);",
                    "logistic and softmax: scale of the logistic or Gumbel noise on the logits (default 1,"
                            + " which draws labels from the model's own probabilities; 0 gives separable data)."})
    Double noise;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rotate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Rotate the conditioning away from the axes (default); --no-rotate keeps it axis-aligned,"
                    + " which standardisation would undo. Rotation allows at most "
                    + SyntheticData.MAX_ROTATED_FEATURES + " features.")
    boolean rotate;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where to write (a local path, hdfs://…, s3a://…).")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet", completionCandidates = FormatCandidates.class,
            description = "parquet, csv (with a header) or libsvm (label + features vector) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--overwrite", description = "Replace the output if it exists.")
    boolean overwrite;

    @Override
    public Integer call() {
        SyntheticData data = problem();
        long started = System.nanoTime();
        SparkSession spark = SparkSession.builder().getOrCreate();
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(output);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(target) && !overwrite) {
                throw new ConfigException("output " + output + " exists; add --overwrite to replace it");
            }
        } catch (IOException e) {
            throw new ConfigException("output " + output + " cannot be checked: " + e.getMessage(), e);
        }
        boolean libsvm = format.equals("libsvm");
        StructType schema = schema(features, libsvm);
        int d = features;
        MapFunction<Long, Row> toRow = id -> {
            double[] x = new double[d];
            double label = data.row(id, x);
            if (libsvm) {
                return RowFactory.create(label, Vectors.dense(x));
            }
            Object[] values = new Object[d + 1];
            for (int j = 0; j < d; j++) {
                values[j] = x[j];
            }
            values[d] = label;
            return RowFactory.create(values);
        };
        int partitions = partitions(rows, features, spark.sparkContext().defaultParallelism());
        Dataset<Row> table = spark.range(0, rows, 1, partitions).map(toRow, Encoders.row(schema));
        table.write()
                .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .format(format)
                .option("header", "true")
                .save(output);
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d rows × %d features (%s) as %s to %s in %.1f s%n",
                rows, features, data.describe(), format, output, seconds);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The problem the options describe, checked before Spark starts. */
    SyntheticData problem() {
        if (rows < 1) {
            throw usage("--rows must be at least 1, got " + rows);
        }
        if (classes != null && kind != SyntheticData.Kind.SOFTMAX) {
            throw usage("--classes applies to --kind softmax only");
        }
        if (!FORMATS.contains(format)) {
            throw usage("Invalid value for option '--format': '" + format + "' (expected one of "
                    + String.join(", ", FORMATS) + ")");
        }
        try {
            return new SyntheticData(kind, features, classes == null ? 3 : classes, condition,
                    noise == null ? SyntheticData.defaultNoise(kind) : noise, seed, rotate);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** x0 … x{D−1} and label, all doubles; for libsvm, label and a features vector. */
    static StructType schema(int features, boolean libsvm) {
        List<StructField> fields = new ArrayList<>();
        if (libsvm) {
            fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
            fields.add(DataTypes.createStructField("features", SQLDataTypes.VectorType(), false));
        } else {
            for (int j = 0; j < features; j++) {
                fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, false));
            }
            fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    /** About four million values per partition, at least the default parallelism when there is enough to share. */
    static int partitions(long rows, int features, int parallelism) {
        double cells = (double) rows * (features + 1);
        long bySize = (long) Math.ceil(cells / 4e6);
        long atLeast = Math.min(parallelism, (long) Math.ceil(cells / 1e5));
        return (int) Math.max(1, Math.min(100_000, Math.max(bySize, atLeast)));
    }

    static final class KindConverter implements ITypeConverter<SyntheticData.Kind> {
        @Override
        public SyntheticData.Kind convert(String value) {
            for (SyntheticData.Kind k : SyntheticData.Kind.values()) {
                if (k.label().equals(value)) {
                    return k;
                }
            }
            throw new TypeConversionException("'" + value + "' (expected linear, logistic or softmax)");
        }
    }

    static final class KindCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("linear", "logistic", "softmax").iterator();
        }
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FORMATS.iterator();
        }
    }

}
