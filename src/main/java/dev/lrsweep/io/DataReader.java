package dev.lrsweep.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.rint;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.lrsweep.errors.Errors;
import dev.lrsweep.errors.SweepException;
import dev.lrsweep.sweep.SweepConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Opens one data set: checks that the path exists, reads it with Spark, resolves its columns and checks its
 * values in one aggregate pass on the executors (row count; null, NaN and infinite values per column; label
 * range; vector lengths) before anything is collected.
 */
final class DataReader {
    static final String LABEL = "__y";
    static final String VECTOR = "__v";
    /** Where a row comes from: file, block start and a row id increasing within the block (see {@link Packer}). */
    static final String FILE = "__file";
    static final String BLOCK = "__block";
    static final String ROW = "__row";

    private DataReader() {
    }

    /**
     * A data set read and checked, not yet collected: {@code selected} has the label as double column
     * {@value #LABEL}, the features as double columns {@code __x0 …} or one array column {@value #VECTOR}, and
     * the row's origin in {@value #FILE}, {@value #BLOCK} and {@value #ROW}.
     */
    record Checked(Source source, ColumnPlan plan, Dataset<Row> selected, long rows, int features,
                   List<String> featureNames, double labelMin, double labelMax, long dropped) {
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
        columns.add(monotonically_increasing_id().as(ROW));
        Dataset<Row> selected = raw.select(columns.toArray(new Column[0]));
        long dropped = 0;
        if (data.dropInvalid()) {
            Column valid = valid(plan);
            Dataset<Row> all = selected;
            Row counts = action(source, data.format(), () -> all.agg(count(lit(1)), counter(valid.unary_$bang())).first());
            dropped = counts.getLong(1);
            if (dropped > 0 && dropped == counts.getLong(0)) {
                throw source.problem("has no valid rows: data.drop_invalid dropped all " + dropped + " of them, each"
                        + " with a missing, non-numeric or non-finite label or feature");
            }
            selected = selected.filter(valid);
        }
        return check(source, data.format(), plan, selected, modelType, classes, expected, dropped);
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

    private static Checked check(Source source, String format, ColumnPlan plan, Dataset<Row> selected,
                                 String modelType, int classes, List<String> expected, long dropped) {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)));
        Column y = col(LABEL);
        int labelAt = aggregates.size();
        addValueCounts(aggregates, y, plan.labelFloating());
        int featuresAt = aggregates.size();
        int scalars = plan.vector() == null ? plan.features().size() : 0;
        for (int j = 0; j < scalars; j++) {
            addValueCounts(aggregates, col(feature(j)), plan.floating()[j]);
        }
        int vectorAt = aggregates.size();
        if (plan.vector() != null) {
            Column v = col(VECTOR);
            aggregates.add(counter(v.isNull()));
            aggregates.add(min(size(v)));
            aggregates.add(max(size(v)));
            aggregates.add(sum(when(v.isNotNull(), expr("size(filter(" + VECTOR + ", x -> isnan(x)))")).otherwise(0)));
            aggregates.add(sum(when(v.isNotNull(),
                    expr("size(filter(" + VECTOR + ", x -> abs(x) = double('Infinity')))")).otherwise(0)));
        }
        int labelStatsAt = aggregates.size();
        aggregates.add(max(y));
        aggregates.add(min(y));
        Column bad = switch (modelType) {
            case "logistic" -> y.notEqual(0.0).and(y.notEqual(1.0));
            case "softmax" -> y.lt(0.0).or(y.notEqual(rint(y))).or(classes > 0 ? y.geq((double) classes) : lit(false));
            default -> lit(false);
        };
        aggregates.add(counter(bad));
        aggregates.add(min(when(bad, y)));

        Row r = action(source, format, () -> selected.agg(aggregates.get(0),
                aggregates.subList(1, aggregates.size()).toArray(new Column[0])).first());
        long rows = r.getLong(0);
        if (rows == 0) {
            throw source.problem("has no rows");
        }
        List<String> problems = new ArrayList<>();
        describeValues(problems, "label column " + plan.label(), r, labelAt, plan.labelFloating());
        for (int j = 0; j < scalars; j++) {
            describeValues(problems, "column " + plan.features().get(j), r, featuresAt + 3 * j, plan.floating()[j]);
        }
        int features = scalars;
        List<String> names = plan.features();
        if (plan.vector() != null) {
            String name = "column " + plan.vector();
            long nulls = longAt(r, vectorAt);
            if (nulls > 0) {
                problems.add(name + " has " + nulls + " null " + (nulls == 1 ? "vector" : "vectors"));
            }
            String inside = counts(longAt(r, vectorAt + 3), 0, longAt(r, vectorAt + 4), false);
            if (inside != null) {
                problems.add(name + " has " + inside + " inside its vectors");
            }
            if (problems.isEmpty()) {
                int shortest = r.getInt(vectorAt + 1);
                int longest = r.getInt(vectorAt + 2);
                if (shortest != longest) {
                    throw source.problem(name + " holds vectors of mixed lengths, " + shortest + " to " + longest
                            + " values; every row needs the same number of features");
                }
                if (longest == 0) {
                    throw source.problem(name + " holds empty vectors");
                }
                if (expected != null && longest != expected.size()) {
                    throw source.problem(name + " holds vectors of " + longest + " values, but the training data's"
                            + " hold " + expected.size());
                }
                features = longest;
                names = vectorNames(plan.vector(), longest);
            }
        }
        if (!problems.isEmpty()) {
            throw source.problem(String.join("; ", problems) + "; set data.drop_invalid: true to drop the rows that"
                    + " have such values");
        }
        long badLabels = longAt(r, labelStatsAt + 2);
        if (badLabels > 0) {
            String example = dev.lrsweep.core.spec.Format.number(r.getDouble(labelStatsAt + 3));
            boolean one = badLabels == 1;
            String expectedLabels = modelType.equals("logistic") ? "outside {0, 1}, which logistic regression needs"
                    : (one ? "that is not a class index " : "that are not class indices ")
                    + (classes > 0 ? "0 to " + (classes - 1) + " (model.classes " + classes + ")" : "(whole numbers from 0)");
            throw source.problem("label column " + plan.label() + " has " + badLabels + (one ? " value " : " values ")
                    + expectedLabels + ", e.g. " + example);
        }
        return new Checked(source, plan, selected, rows, features, names, r.getDouble(labelStatsAt + 1),
                r.getDouble(labelStatsAt), dropped);
    }

    static List<String> vectorNames(String column, int length) {
        List<String> names = new ArrayList<>(length);
        for (int j = 0; j < length; j++) {
            names.add(column + "[" + j + "]");
        }
        return List.copyOf(names);
    }

    private static void addValueCounts(List<Column> aggregates, Column c, boolean floating) {
        aggregates.add(counter(c.isNull()));
        aggregates.add(floating ? counter(isnan(c)) : lit(0L));
        aggregates.add(floating ? counter(c.equalTo(Double.POSITIVE_INFINITY).or(c.equalTo(Double.NEGATIVE_INFINITY)))
                : lit(0L));
    }

    private static void describeValues(List<String> problems, String name, Row r, int at, boolean floating) {
        String text = counts(longAt(r, at), longAt(r, at + 1), longAt(r, at + 2), true);
        if (text != null) {
            problems.add(name + " has " + text);
        }
    }

    /** "12 null and 3 NaN values", or null when every count is 0. */
    private static String counts(long nulls, long nans, long infinite, boolean withNulls) {
        List<String> parts = new ArrayList<>();
        if (withNulls && nulls > 0) {
            parts.add(nulls + " null");
        }
        if (nans > 0) {
            parts.add(nans + " NaN");
        }
        if (infinite > 0) {
            parts.add(infinite + " infinite");
        }
        if (parts.isEmpty()) {
            return null;
        }
        String joined = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return joined + (nulls + nans + infinite == 1 ? " value" : " values");
    }

    private static Column counter(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    private static long longAt(Row r, int i) {
        return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
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
