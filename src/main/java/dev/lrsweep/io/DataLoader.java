package dev.lrsweep.io;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.spec.Format;
import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.sweep.SweepConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Reads, checks and packs a sweep's data: the training rows in the replicated or the sharded layout, the
 * validation rows (a seeded share of the rows, or a separate data set with the same columns; at most
 * {@code data.validation_rows} of them are evaluated), standardisation with the training rows' statistics, and the
 * seeded subset of training rows that the training loss is evaluated on. Which row goes where is decided by
 * {@link RowRoles} from its position in the input alone.
 *
 * <p>Through Spark SQL, two passes over the input: {@link RowScan} counts and checks on the executors (every
 * problem with the data is refused with a one-line {@link dev.lrsweep.errors.DataException} before any row is
 * packed), then {@link Packing} packs. Plain Parquet files are read once: their footers count the rows, and the
 * rows are checked as they are packed, so a problem is refused after packing, before any row is trained on.
 */
public final class DataLoader {
    /** The most classes softmax infers from the largest label before asking for {@code model.classes}. */
    public static final int MAX_INFERRED_CLASSES = 100_000;
    /** Above this many bytes of packed training rows, {@code data.layout: auto} picks the sharded layout. */
    public static final long AUTO_SHARDED_BYTES = 1L << 30;
    /** The packed training rows of one shard when {@code data.shards} is {@code auto}. */
    public static final long SHARD_BYTES = 128L << 20;

    private DataLoader() {
    }

    /** A layout resolved: {@code replicated} (1 shard) or {@code sharded} with a number of shards. */
    public record Layout(String name, int shards) {
        public boolean sharded() {
            return name.equals("sharded");
        }
    }

    /** The bytes the packed training rows take: features and label per row. */
    public static long packedBytes(long rows, int features, boolean float32) {
        return rows * (features * (float32 ? 4L : 8L) + 8L);
    }

    /** Resolves {@code data.layout} and {@code data.shards} for this many packed bytes. */
    public static Layout layout(SweepConfig.Data data, long trainingRows, long packedBytes) {
        boolean sharded = switch (data.layout()) {
            case "sharded" -> true;
            case "replicated" -> false;
            default -> packedBytes > AUTO_SHARDED_BYTES;
        };
        if (!sharded) {
            return new Layout("replicated", 1);
        }
        int shards = data.shards() != SweepConfig.Data.AUTO_SHARDS ? data.shards()
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (packedBytes + SHARD_BYTES - 1) / SHARD_BYTES));
        if (shards > trainingRows) {
            throw new ConfigException("data.shards " + shards + " exceeds the " + trainingRows + " training rows;"
                    + " give fewer shards");
        }
        return new Layout("sharded", shards);
    }

    public static TrainingData load(SparkSession spark, SweepConfig config) {
        SweepConfig.Data data = config.data();
        String type = config.model().lossType();
        int classes = config.model().classes();
        Source trainSource = new Source("data.path", data.path());
        DataReader.Checked train = DataReader.open(spark, data, trainSource, null, type, classes);
        DataReader.Checked validation = data.validationPath() == null ? null
                : DataReader.open(spark, data, new Source("data.validation", data.validationPath()),
                train.featureNames(), type, classes);
        List<String> notes = new ArrayList<>();
        if (!train.plan().skipped().isEmpty()) {
            notes.add("not numeric, so not features: " + String.join(", ", train.plan().skipped()));
        }
        for (DataReader.Checked c : validation == null ? List.of(train) : List.of(train, validation)) {
            if (c.dropped() > 0) {
                notes.add("data.drop_invalid: dropped " + c.dropped() + " of the " + (c.rows() + c.dropped())
                        + (c == train ? " rows" : " validation rows") + " (a missing, non-numeric or non-finite"
                        + " label or feature)");
            }
        }
        boolean float32 = data.storage().equals("float32");
        int d = train.features();
        long n = train.rows();
        long kept = data.maxRows() > 0 ? Math.min(data.maxRows(), n) : n;
        if (kept < n) {
            notes.add("data.max_rows: sampled " + kept + " of the " + n + " rows");
        }
        long held = 0;
        if (validation == null && data.validationFraction() > 0) {
            held = Math.round(data.validationFraction() * kept);
            if (held < 1 || held >= kept) {
                throw trainSource.problem("data.validation " + Format.number(data.validationFraction()) + " of its "
                        + kept + " rows holds out " + held + "; a split needs at least one validation and one"
                        + " training row");
            }
        }
        long trainingRows = kept - held;
        Layout layout = layout(data, trainingRows, packedBytes(trainingRows, d, float32));
        int evalRows = config.train().evalRows();
        RowRoles roles = new RowRoles(n, kept, held, layout.shards(), evalRows, data.validationRows(),
                SplitMix64.derive(config.seed(), Subsets.SAMPLE_STREAM));

        DataBlock trainBlock = null;
        ShardedRows shards = null;
        DataBlock evaluation = null;
        int[] evalOrder = null;
        double[] valX = null;
        double[] valY = null;
        long validationRows = held;
        Standardization standardization = null;
        if (!layout.sharded()) {
            Packing.Replicated packed = Packing.replicated(train, roles, float32);
            train = train.checked(packed.checks());
            evalOrder = packed.evalOrder();
            valX = packed.validationX();
            valY = packed.validationY();
            if (data.standardize()) {
                standardization = Standardization.fit(packed.x(), packed.y().length, d, train.featureNames());
                standardization.apply(packed.x(), packed.y().length);
            }
            trainBlock = DataBlock.of(packed.y().length, d, packed.x(), packed.y(), float32);
        } else {
            Packing.Sharded sharded = Packing.shuffle(train, roles, float32, data.standardize());
            train = train.checked(sharded.checks());
            if (data.standardize()) {
                List<Standardization.Part> parts = new ArrayList<>();
                sharded.summaries().forEach(s -> parts.add(s.part()));
                standardization = Standardization.of(parts, train.featureNames());
            }
            RowChunk e = sharded.evaluated();
            if (standardization != null) {
                standardization.apply(e.x(), e.rows());
            }
            evaluation = Packing.block(e, d, float32);
            if (sharded.validation() != null && sharded.validation().rows() > 0) {
                valX = sharded.validation().x();
                valY = sharded.validation().y();
            }
            shards = Packing.cache(sharded, roles, d, standardization, float32, "lrsweep " + config.name()
                    + " training rows");
            notes.add("data.layout: sharded, " + layout.shards() + (layout.shards() == 1 ? " shard" : " shards")
                    + " of about " + Format.number(Math.round(packedBytes(trainingRows, d, float32)
                    / (double) layout.shards() / (1 << 20))) + " MiB packed rows, cached on the executors");
        }
        if (validation != null) {
            long kv = data.maxRows() > 0 ? Math.min(data.maxRows(), validation.rows()) : validation.rows();
            if (kv < validation.rows()) {
                notes.add("data.max_rows: sampled " + kv + " of the " + validation.rows() + " validation rows");
            }
            RowRoles valRoles = new RowRoles(validation.rows(), kv, kv, 1, 0, data.validationRows(),
                    SplitMix64.derive(config.seed(), Subsets.VALIDATION_SAMPLE_STREAM));
            RowChunk v = Packing.validationSubset(validation, valRoles, float32);
            validation = validation.checked(v.checks());
            valX = v.x();
            valY = v.y();
            validationRows = kv;
        }
        if (standardization != null) {
            if (valX != null) {
                standardization.apply(valX, valY.length);
            }
            for (String name : standardization.constant()) {
                notes.add("feature " + name + " is constant in the training rows: standardised with std 1");
            }
        }
        if (roles.evaluatesSubset()) {
            notes.add("train.eval_rows: the training loss is evaluated on a fixed subset of " + evalRows
                    + " of the " + trainingRows + " training rows");
        }
        if (valY != null && valY.length < validationRows) {
            notes.add("data.validation_rows: the validation loss is evaluated on a fixed subset of " + valY.length
                    + " of the " + validationRows + " validation rows");
        }
        if (type.equals("softmax")) {
            classes = classes > 0 ? classes : inferClasses(train, validation);
        } else {
            classes = 0;
        }
        DataBlock valBlock = valX == null ? null : DataBlock.of(valY.length, d, valX, valY, float32);
        return new TrainingData(trainBlock, shards, trainingRows, evaluation, evalOrder, valBlock, validationRows,
                train.featureNames(), classes, standardization, List.copyOf(notes));
    }

    private static int inferClasses(DataReader.Checked train, DataReader.Checked validation) {
        double max = train.labelMax();
        double min = train.labelMin();
        if (validation != null) {
            max = Math.max(max, validation.labelMax());
            min = Math.min(min, validation.labelMin());
        }
        if (min == max) {
            throw train.source().problem("label column " + train.plan().label() + " holds only class "
                    + Format.number(max) + "; softmax needs at least 2 classes in the data (or model.classes)");
        }
        if (max + 1 > MAX_INFERRED_CLASSES) {
            throw train.source().problem("label column " + train.plan().label() + " has label " + Format.number(max)
                    + ", which would make " + Format.number(max + 1) + " classes; set model.classes if that is meant");
        }
        return (int) max + 1;
    }
}
