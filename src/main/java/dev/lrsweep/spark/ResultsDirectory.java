package dev.lrsweep.spark;

import dev.lrsweep.io.Errors;
import dev.lrsweep.sweep.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A results directory that lrsweep wrote, opened for SQL: its tables as views of the same names. A run's results hold
 * trials, curves, summary and landscape (range_test and range_test_curves with an automatic ladder, batch_scaling
 * with three batch sizes or more); {@code lrsweep find}'s hold landscape, range_test and range_test_curves.
 */
public final class ResultsDirectory {
    /** The tables a run's results always hold. */
    public static final List<String> TABLES = List.of("trials", "curves", "summary");
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
        Path root = new Path(dir);
        List<String> present;
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new ConfigException("results directory " + dir + " does not exist");
            }
            if (!fs.exists(new Path(root, OutputDirectory.MARKER))) {
                throw new ConfigException(dir + " is not an lrsweep results directory (no " + OutputDirectory.MARKER
                        + " marker)");
            }
            boolean findOutput = !fs.exists(new Path(root, "trials")) && fs.exists(new Path(root, "range_test"));
            for (String table : findOutput ? List.of("landscape", "range_test", "range_test_curves") : TABLES) {
                if (!fs.exists(new Path(root, table))) {
                    throw new ConfigException("results directory " + dir + " has no " + table + " table");
                }
            }
            present = new ArrayList<>();
            for (String table : ALL_TABLES) {
                if (fs.exists(new Path(root, table))) {
                    present.add(table);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("results directory " + dir + " cannot be opened: " + Errors.oneLine(e), e);
        }
        for (String table : present) {
            try {
                spark.read().parquet(new Path(root, table).toString()).createOrReplaceTempView(table);
            } catch (RuntimeException e) {
                throw new ConfigException("results directory " + dir + ": the " + table + " table cannot be read: "
                        + Errors.oneLine(e), e);
            }
        }
    }
}
