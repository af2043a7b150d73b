package dev.lrsweep.spark;

import dev.lrsweep.io.Errors;
import dev.lrsweep.sweep.ConfigException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** A results directory that a sweep wrote, opened for SQL: its tables as the views trials, curves and summary. */
public final class ResultsDirectory {
    /** The tables a results directory holds, which are also the names of their views. */
    public static final List<String> TABLES = List.of("trials", "curves", "summary");

    private ResultsDirectory() {
    }

    /**
     * Registers the views, refusing a directory without the marker or a table.
     *
     * @throws ConfigException with one line naming the directory
     */
    public static void register(SparkSession spark, String dir) {
        Path root = check(spark, dir);
        for (String table : TABLES) {
            try {
                spark.read().parquet(new Path(root, table).toString()).createOrReplaceTempView(table);
            } catch (RuntimeException e) {
                throw new ConfigException("results directory " + dir + ": the " + table + " table cannot be read: "
                        + Errors.oneLine(e), e);
            }
        }
    }

    /**
     * Checks that {@code dir} is a results directory: it carries the marker and every table.
     *
     * @return its path
     * @throws ConfigException with one line naming the directory
     */
    static Path check(SparkSession spark, String dir) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new ConfigException("results directory " + dir + " does not exist");
            }
            if (!fs.exists(new Path(root, OutputDirectory.MARKER))) {
                throw new ConfigException(dir + " is not an lrsweep results directory (no " + OutputDirectory.MARKER
                        + " marker)");
            }
            for (String table : TABLES) {
                if (!fs.exists(new Path(root, table))) {
                    throw new ConfigException("results directory " + dir + " has no " + table + " table");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("results directory " + dir + " cannot be opened: " + Errors.oneLine(e), e);
        }
        return root;
    }
}
