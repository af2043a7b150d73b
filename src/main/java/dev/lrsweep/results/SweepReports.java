package dev.lrsweep.results;

import dev.lrsweep.errors.Errors;
import dev.lrsweep.report.ReportPage;
import dev.lrsweep.report.SweepReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** The reports of results directories: read for {@code lrsweep report}, and written into a run's results. */
public final class SweepReports {
    private SweepReports() {
    }

    /**
     * The report of a results directory on any file system.
     *
     * @throws dev.lrsweep.errors.ConfigException with one line when {@code dir} is not a results directory
     */
    public static SweepReport read(SparkSession spark, String dir) {
        Path root = ResultsDirectory.check(spark, dir);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return ReportTables.read(spark, fs, root, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("results directory " + dir + " cannot be opened: " + Errors.oneLine(e), e);
        }
    }

    /**
     * Writes {@value ReportPage#FILE} into a directory that holds a run's tables, before they become visible.
     *
     * @param shownAs the results directory as the report names it
     * @return the report's path
     */
    public static Path writeInto(SparkSession spark, FileSystem fs, Path dir, String shownAs) {
        SweepReport report = ReportTables.read(spark, fs, dir, shownAs);
        Path file = new Path(dir, ReportPage.FILE);
        try (OutputStream out = fs.create(file, true)) {
            ReportPage.write(List.of(report), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + Errors.oneLine(e), e);
        }
        return file;
    }
}
