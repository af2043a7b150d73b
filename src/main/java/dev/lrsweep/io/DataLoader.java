package dev.lrsweep.io;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.spec.Format;
import dev.lrsweep.sweep.SweepConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Reads, checks and packs a sweep's data: training rows, validation rows (a seeded split of the packed rows, or
 * a separate data set with the same columns), standardisation with the training rows' statistics, and the
 * seeded subset of training rows that the training loss is evaluated on.
 *
 * <p>Every problem with the data is refused with a one-line {@link dev.lrsweep.errors.DataException} before
 * anything is collected to the driver.
 */
public final class DataLoader {
    /** The most classes softmax infers from the largest label before asking for {@code model.classes}. */
    public static final int MAX_INFERRED_CLASSES = 100_000;

    private DataLoader() {
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
        if (type.equals("softmax")) {
            classes = classes > 0 ? classes : inferClasses(train, validation);
        } else {
            classes = 0;
        }

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
        Packer.Packed packed = Packer.collect(train, data.maxRows(),
                SplitMix64.derive(config.seed(), Subsets.SAMPLE_STREAM), float32, "data.max_rows");
        if (packed.sampled()) {
            notes.add("data.max_rows: sampled " + packed.rows() + " of the " + packed.sourceRows() + " rows");
        }
        int d = packed.features();
        double[] trainX;
        double[] trainY;
        double[] valX = null;
        double[] valY = null;
        if (validation != null) {
            trainX = packed.x();
            trainY = packed.y();
            Packer.Packed v = Packer.collect(validation, data.maxRows(),
                    SplitMix64.derive(config.seed(), Subsets.VALIDATION_SAMPLE_STREAM), float32, "data.max_rows");
            if (v.sampled()) {
                notes.add("data.max_rows: sampled " + v.rows() + " of the " + v.sourceRows() + " validation rows");
            }
            valX = v.x();
            valY = v.y();
        } else if (data.validationFraction() > 0) {
            long held = Math.round(data.validationFraction() * packed.rows());
            if (held < 1 || held >= packed.rows()) {
                throw trainSource.problem("data.validation " + Format.number(data.validationFraction()) + " of its "
                        + packed.rows() + " rows holds out " + held + "; a split needs at least one validation and"
                        + " one training row");
            }
            int[][] split = Subsets.split(packed.rows(), (int) held,
                    SplitMix64.derive(config.seed(), Subsets.SPLIT_STREAM));
            trainX = rowsOf(packed.x(), d, split[0]);
            trainY = labelsOf(packed.y(), split[0]);
            valX = rowsOf(packed.x(), d, split[1]);
            valY = labelsOf(packed.y(), split[1]);
        } else {
            trainX = packed.x();
            trainY = packed.y();
        }
        int trainRows = trainY.length;
        Standardization standardization = null;
        if (data.standardize()) {
            standardization = Standardization.fit(trainX, trainRows, d, train.featureNames());
            standardization.apply(trainX, trainRows);
            if (valX != null) {
                standardization.apply(valX, valY.length);
            }
            for (String name : standardization.constant()) {
                notes.add("feature " + name + " is constant in the training rows: standardised with std 1");
            }
        }
        int[] evalOrder = Subsets.evalOrder(trainRows, config.train().evalRows(), config.seed());
        if (evalOrder != null) {
            notes.add("train.eval_rows: the training loss is evaluated on a fixed subset of " + evalOrder.length
                    + " of the " + trainRows + " training rows");
        }
        DataBlock trainBlock = DataBlock.of(trainRows, d, trainX, trainY, float32);
        DataBlock valBlock = valX == null ? null : DataBlock.of(valY.length, d, valX, valY, float32);
        return new TrainingData(trainBlock, valBlock, train.featureNames(), classes, standardization, evalOrder,
                List.copyOf(notes));
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

    private static double[] rowsOf(double[] x, int d, int[] rows) {
        double[] out = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * d, out, i * d, d);
        }
        return out;
    }

    private static double[] labelsOf(double[] y, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }
}
