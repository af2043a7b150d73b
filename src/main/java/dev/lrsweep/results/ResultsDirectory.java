package dev.lrsweep.results;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A results directory that lrsweep wrote, opened for SQL: its tables as views of the same names, or under a prefix
 * ({@code raw_trials}, …) so that several directories can be compared in one statement. A run's results hold
 * trials, curves, summary and landscape (range_test and range_test_curves with an automatic ladder, batch_scaling
 * with three batch sizes or more); {@code lrsweep find}'s hold landscape, range_test and range_test_curves.
 */
public final class ResultsDirectory {
    /** The file that marks a directory as lrsweep\'s results: only such a directory is ever replaced. */
    public static final String MARKER = "_LRSWEEP";

    /** The tables a run's results always hold. */
    public static final List<String> TABLES = List.of("trials", "curves", "summary");
    /** The tables {@code lrsweep find}'s results hold. */
    public static final List<String> FOUND_TABLES = List.of("landscape", "range_test", "range_test_curves");
    /** Every table a results directory may hold, which are also the names of their views. */
    public static final List<String> ALL_TABLES = List.of("trials", "curves", "summary", "landscape", "range_test",
            "range_test_curves", "batch_scaling");

    private ResultsDirectory() {
    }

    /**
     * Registers the views of the tables it holds, refusing a directory without the marker or a table it must hold.
     *
     * @throws ConfigException with one line naming the directory
     */
    public static void register(SparkSession spark, String dir) {
        register(spark, dir, "");
    }

    /**
     * Registers the views with a prefix ({@code raw_} makes {@code raw_trials}, …); returns their names.
     *
     * @throws ConfigException with one line naming the directory
     */
    public static List<String> register(SparkSession spark, String dir, String prefix) {
        Path root = new Path(dir);
        List<String> views = new ArrayList<>();
        for (String table : tables(spark, dir, true)) {
            try {
                spark.read().parquet(new Path(root, table).toString()).createOrReplaceTempView(prefix + table);
                views.add(prefix + table);
            } catch (RuntimeException e) {
                throw new ConfigException("results directory " + dir + ": the " + table + " table cannot be read: "
                        + Errors.oneLine(e), e);
            }
        }
        return List.copyOf(views);
    }

    /**
     * Checks that {@code dir} is a run's results directory: it carries the marker and every table a run writes.
     *
     * @return its path
     * @throws ConfigException with one line naming the directory
     */
    static Path check(SparkSession spark, String dir) {
        tables(spark, dir, false);
        return new Path(dir);
    }

    /**
     * The tables a results directory holds, after checking it carries the marker and the tables it must: a run's,
     * or (when {@code found} is allowed and it has no trials) {@code lrsweep find}'s.
     */
    private static List<String> tables(SparkSession spark, String dir, boolean found) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new ConfigException("results directory " + dir + " does not exist");
            }
            if (!fs.exists(new Path(root, MARKER))) {
                throw new ConfigException(dir + " is not an lrsweep results directory (no " + MARKER
                        + " marker)");
            }
            boolean findOutput = found && !fs.exists(new Path(root, "trials")) && fs.exists(new Path(root, "range_test"));
            for (String table : findOutput ? FOUND_TABLES : TABLES) {
                if (!fs.exists(new Path(root, table))) {
                    throw new ConfigException("results directory " + dir + " has no " + table + " table");
                }
            }
            List<String> present = new ArrayList<>();
            for (String table : ALL_TABLES) {
                if (fs.exists(new Path(root, table))) {
                    present.add(table);
                }
            }
            return present;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("results directory " + dir + " cannot be opened: " + Errors.oneLine(e), e);
        }
    }
}
