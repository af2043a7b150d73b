package dev.lrsweep.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.lrsweep.errors.Errors;
import dev.lrsweep.errors.SweepException;
import dev.lrsweep.sweep.SweepConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Opens one data set: checks that the path exists, reads it (plain Parquet files with {@link ParquetFiles}, anything
 * else with Spark SQL), resolves its columns and checks its values ({@link RowChecks}: null, NaN and infinite values
 * per column; label range; vector lengths). Through Spark SQL, a first pass on the executors ({@link RowScan})
 * counts each input split's rows and checks the values before any row is packed; plain Parquet files give their
 * rows per part in their footers, so their values are checked as they are packed, in the one pass that reads them,
 * and {@link Checked#checked} refuses bad data before any row is trained on. Only counts reach the driver.
 */
final class DataReader {
    static final String LABEL = "__y";
    static final String VECTOR = "__v";
    /** Where a row comes from: its file and the start of its input split (see {@link RowRoles}). */
    static final String FILE = "__file";
    static final String BLOCK = "__block";
    /** A row id increasing within its split, for {@link TextColumns} to say where a stray cell is. */
    static final String ROW = "__row";

    private DataReader() {
    }

    /**
     * A data set read and checked, not yet packed: {@code internalRows} holds the label as a double at ordinal 0,
     * the features as doubles or one array of them, then the row's file and its split's start ({@link SourceRows}
     * reads them), from Spark SQL or from {@link ParquetRows}.
     *
     * @param format         the data's format, as messages name it
     * @param firstPositions every input split's first position in the input (files in name order, then splits
     *                       by their start), so that a row's position is its split's plus its place in the split
     * @param dropped        the rows {@code data.drop_invalid} dropped (not among {@code rows}, nor given positions)
     * @param pending        the checks still to make on the values, as they are packed, or null when they are made
     *                       (then {@code labelMin} and {@code labelMax} are known)
     */
    record Checked(Source source, String format, ColumnPlan plan, JavaRDD<InternalRow> internalRows,
                   SourceRows columns, long rows, int features, List<String> featureNames, double labelMin,
                   double labelMax, Map<SourceRows.Split, Long> firstPositions, long dropped, Pending pending) {

        JavaSparkContext context() {
            return JavaSparkContext.fromSparkContext(internalRows.context());
        }

        /** The label rule the packing pass checks the values with, or null when they are checked already. */
        RowChecks.LabelRule pendingRule() {
            return pending == null ? null : pending.rule();
        }

        /**
         * This data set with the packing pass's checks made: refuses it in one line when one fails. Unchanged
         * when nothing was pending.
         *
         * @param checks every partition's checks, added; null when nothing was pending
         */
        Checked checked(RowChecks checks) {
            if (pending == null) {
                return this;
            }
            if (checks == null) {
                throw new IllegalStateException("the packing pass made no checks");
            }
            if (checks.rows != rows) {
                throw source.problem("changed while it was read: its files' footers give " + rows + " rows, but "
                        + checks.rows + " were read; run again");
            }
            int d = checks.require(source, plan, pending.rule(), pending.expected());
            return new Checked(source, format, plan, internalRows, columns, rows, d, featureNames,
                    checks.labelMin, checks.labelMax, firstPositions, dropped, null);
        }
    }

    /** The value checks a data set still needs, from {@link #open}'s arguments. */
    record Pending(RowChecks.LabelRule rule, List<String> expected) {
    }

    static String feature(int j) {
        return "__x" + j;
    }

    /**
     * @param expected the training data's features, when this is the validation set; else null
     * @param classes  softmax: the classes labels must fall below, or 0 to take them from the largest label
     */
    static Checked open(SparkSession spark, SweepConfig.Data data, Source source, List<String> expected,
                        String modelType, int classes) {
        Found found = requireReadable(spark, source, data);
        ParquetFiles.Direct direct = ParquetFiles.open(found.fs(), found.statuses(), data, source, expected);
        if (direct != null) {
            return direct(spark, direct, data, source, expected, modelType, classes);
        }
        Dataset<Row> raw = action(source, data.format(),
                () -> spark.read().format(data.format()).options(data.options()).load(source.path()));
        if (data.format().equals("json")) {
            String corrupt = data.options().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("columnNameOfCorruptRecord")).map(Map.Entry::getValue)
                    .findFirst().orElse("_corrupt_record");
            if (List.of(raw.schema().fieldNames()).contains(corrupt)) {
                throw new dev.lrsweep.errors.DataException(source.key() + " " + source.path()
                        + " cannot be read as json: some lines are not JSON records (Spark set them aside"
                        + " in the column " + corrupt + "); fix them, or set data.format to the files' format");
            }
        }
        try {
            return select(raw, data, source, expected, modelType, classes);
        } catch (dev.lrsweep.errors.DataException e) {
            String hint = data.format().equals("csv")
                    ? FormatCheck.libsvmHint(found.fs(), found.statuses(), source, data.options()) : "";
            throw hint.isEmpty() ? e : new dev.lrsweep.errors.DataException(e.getMessage() + hint, e);
        }
    }

    private static Checked select(Dataset<Row> raw, SweepConfig.Data data, Source source, List<String> expected,
                                  String modelType, int classes) {
        ColumnPlan plan = ColumnPlan.resolve(raw.schema(), data, source, expected,
                TextColumns.numeric(raw, data, source, expected));
        List<Column> columns = new ArrayList<>();
        columns.add(plan.asDouble(plan.label()).as(LABEL));
        if (plan.vector() != null) {
            Column v = quoted(plan.vector());
            columns.add((plan.mlVector() ? org.apache.spark.ml.functions.vector_to_array(v, "float64")
                    : v.cast("array<double>")).as(VECTOR));
        } else {
            for (int j = 0; j < plan.features().size(); j++) {
                columns.add(plan.asDouble(plan.features().get(j)).as(feature(j)));
            }
        }
        columns.add(input_file_name().as(FILE));
        columns.add(input_file_block_start().as(BLOCK));
        Dataset<Row> all = raw.select(columns.toArray(new Column[0]));
        long dropped = 0;
        Dataset<Row> selected = all;
        if (data.dropInvalid()) {
            // Dropped before the scan counts each split's rows: the rows kept are the input, and get its positions.
            Column valid = valid(plan);
            Row counts = action(source, data.format(), () -> all.agg(count(lit(1)),
                    sum(when(valid, 0L).otherwise(1L))).first());
            dropped = counts.isNullAt(1) ? 0 : counts.getLong(1);
            if (dropped > 0 && dropped == counts.getLong(0)) {
                throw source.problem("has no valid rows: data.drop_invalid dropped all " + dropped + " of them, each"
                        + " with a missing, non-numeric or non-finite label or feature");
            }
            selected = all.filter(valid);
        }
        Dataset<Row> scannedRows = selected;
        JavaRDD<InternalRow> rows = action(source, data.format(), () -> scannedRows.queryExecution().toRdd()
                .toJavaRDD());
        return scan(rows, plan, data, source, expected, modelType, classes, dropped);
    }

    /** Plain Parquet files read by {@link ParquetRows}, not through Spark SQL ({@link ParquetFiles}). */
    private static Checked direct(SparkSession spark, ParquetFiles.Direct direct, SweepConfig.Data data,
                                  Source source, List<String> expected, String modelType, int classes) {
        ColumnPlan plan = ColumnPlan.resolve(direct.schema(), data, source, expected, java.util.Set.of());
        List<String> columns = new ArrayList<>();
        columns.add(plan.label());
        columns.addAll(plan.features());
        direct.requireColumns(columns, source);
        // the footers' row counts place every part's rows: no pass of their own is needed to count them
        Map<SourceRows.Split, Long> first = new HashMap<>();
        long at = 0;
        for (ParquetFiles.Part part : direct.parts()) {
            first.put(new SourceRows.Split(part.file(), part.start()), at);
            at += part.rows();
        }
        if (at == 0) {
            throw source.problem("has no rows");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext());
        JavaRDD<InternalRow> rows = jsc.parallelize(direct.parts(), direct.parts().size())
                .mapPartitions(new ParquetRows(conf, columns));
        SourceRows reader = new SourceRows(plan.features().size(), false);
        return new Checked(source, data.format(), plan, rows, reader, at, plan.features().size(), plan.features(),
                Double.NaN, Double.NaN, first, 0, new Pending(new RowChecks.LabelRule(modelType, classes), expected));
    }

    /** The first pass ({@link RowScan}): counts and checks each split's rows, and refuses bad data in one line. */
    private static Checked scan(JavaRDD<InternalRow> rows, ColumnPlan plan, SweepConfig.Data data, Source source,
                                List<String> expected, String modelType, int classes, long dropped) {
        SourceRows reader = new SourceRows(plan.vector() == null ? plan.features().size() : 0, plan.vector() != null);
        RowChecks.LabelRule rule = new RowChecks.LabelRule(modelType, classes);
        List<RowScan.Result> scanned = action(source, data.format(),
                () -> rows.mapPartitions(new RowScan(reader, rule)).collect());
        RowChecks checks = new RowChecks(reader.scalars());
        List<Map.Entry<SourceRows.Split, Long>> splits = new ArrayList<>();
        for (RowScan.Result r : scanned) {
            checks.add(r.checks());
            splits.addAll(r.splits().entrySet());
        }
        int features = checks.require(source, plan, rule, expected);
        splits.sort(Comparator.comparing((Map.Entry<SourceRows.Split, Long> e) -> e.getKey().file())
                .thenComparingLong(e -> e.getKey().start()));
        Map<SourceRows.Split, Long> first = new HashMap<>();
        long at = 0;
        for (Map.Entry<SourceRows.Split, Long> e : splits) {
            if (first.put(e.getKey(), at) != null) {
                throw source.problem("split " + e.getKey() + " was read twice");
            }
            at += e.getValue();
        }
        List<String> names = plan.vector() != null ? vectorNames(plan.vector(), features) : plan.features();
        return new Checked(source, data.format(), plan, rows, reader, checks.rows, features, names,
                checks.labelMin, checks.labelMax, first, dropped, null);
    }

    /** A row whose label and features are all present, numbers and finite. */
    private static Column valid(ColumnPlan plan) {
        Column valid = finite(col(LABEL));
        if (plan.vector() != null) {
            valid = valid.and(col(VECTOR).isNotNull()).and(expr("size(filter(" + VECTOR
                    + ", x -> isnan(x) OR abs(x) = double('Infinity'))) = 0"));
        } else {
            for (int j = 0; j < plan.features().size(); j++) {
                valid = valid.and(finite(col(feature(j))));
            }
        }
        return valid;
    }

    private static Column finite(Column c) {
        return c.isNotNull().and(isnan(c).unary_$bang()).and(c.notEqual(Double.POSITIVE_INFINITY))
                .and(c.notEqual(Double.NEGATIVE_INFINITY));
    }

    static List<String> vectorNames(String column, int length) {
        List<String> names = new ArrayList<>(length);
        for (int j = 0; j < length; j++) {
            names.add(column + "[" + j + "]");
        }
        return List.copyOf(names);
    }

    static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** A data set's file system and its paths, its glob expanded. */
    private record Found(FileSystem fs, FileStatus[] statuses) {
    }

    /** The path exists, and the files of a binary format (or libsvm) are that format ({@link FormatCheck}). */
    private static Found requireReadable(SparkSession spark, Source source, SweepConfig.Data data) {
        FileStatus[] found;
        FileSystem fs;
        try {
            Path p = new Path(source.path());
            fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            found = fs.globStatus(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new dev.lrsweep.errors.DataException(source.key() + " " + source.path() + " cannot be opened: "
                    + Errors.oneLine(e), e);
        }
        if (found == null || found.length == 0) {
            throw new dev.lrsweep.errors.DataException(source.key() + " " + source.path() + " does not exist"
                    + relativeTo(fs, source.path()));
        }
        FormatCheck.check(fs, found, source, data.format(), data.options());
        if (data.format().equals("libsvm")) {
            FormatCheck.checkLibsvm(fs, found, source, data.options());
        }
        return new Found(fs, found);
    }

    /**
     * For a relative path: where it was looked for, {@code " (relative to the working directory /home/me; …)"};
     * else the empty string.
     */
    static String relativeTo(FileSystem fs, String path) {
        Path p = new Path(path);
        if (p.isAbsolute() || p.toUri().getScheme() != null) {
            return "";
        }
        Path dir = fs.getWorkingDirectory();
        String shown = "file".equals(dir.toUri().getScheme()) ? dir.toUri().getPath() : dir.toString();
        return " (relative to the working directory " + shown + "; a sweep file's paths are relative to the directory"
                + " lrsweep runs in, not to the sweep file's)";
    }

    /** Runs a Spark read or action, turning whatever Spark throws into one line naming the data set. */
    static <T> T action(Source source, String format, Supplier<T> body) {
        try {
            return body.get();
        } catch (SweepException e) {
            throw e;
        } catch (Exception e) { // also Spark's AnalysisException, which Scala throws unchecked
            throw new dev.lrsweep.errors.DataException(source.key() + " " + source.path() + " cannot be read as "
                    + format + ": " + Errors.oneLine(e), e);
        }
    }
}
