package dev.lrsweep.run;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.io.DataLoader;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.sweep.ResolvedSweep;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lrsweep find}: a sweep's landscape and range test without the sweep. Prints what the range test found,
 * the ladder {@code learning_rates: auto} would lay, and whether the sweep file's own ladder brackets every
 * optimizer × batch size. With an output, writes {@code landscape/}, {@code range_test/},
 * {@code range_test_curves/} and a {@code sweep.yaml} that runs the sweep with that ladder, all at once (staged
 * beside the output, then renamed into place, as a run's results are).
 */
public final class FindJob {
    private FindJob() {
    }

    /**
     * @param output where to write the tables, or null to print only
     */
    public static void run(SparkSession spark, SweepConfig config, String output, OutputMode mode, PrintWriter out) {
        OutputDirectory dir = output == null ? null
                : OutputDirectory.check(spark.sparkContext().hadoopConfiguration(), output, mode);
        out.println("sweep " + config.name() + ": reading " + config.data().path());
        out.flush();
        TrainingData data = DataLoader.load(spark, config);
        if (data.sharded()) {
            data.shards().release();
            throw new ConfigException("the range test runs on every training row, which the sharded layout keeps on"
                    + " the executors; set data.layout: replicated (data.max_rows can sample fewer rows)");
        }
        out.println("data: " + data.train().rows() + " training rows, " + data.features() + " features"
                + (data.classes() > 0 ? ", " + data.classes() + " classes" : "")
                + (data.standardization() != null ? ", standardised" : ""));
        TrialPlanner planner = new TrialPlanner(config, data.features(), data.classes(), data.train().rows());
        try (RangeFinder finder = RangeFinder.run(spark, config, data, planner, true, out)) {
            if (config.grid().auto() == null) {
                bracketing(config, finder.groups(), out);
            }
            if (dir != null) {
                commit(dir, finder, config, mode);
                out.println("Results: " + dir.path());
            }
        }
        out.flush();
    }

    /** Whether the sweep file's ladder reaches below every suggestion and above every edge. */
    private static void bracketing(SweepConfig config, List<RangeTestJob.Group> groups, PrintWriter out) {
        List<String> missed = new ArrayList<>();
        for (RangeTestJob.Group g : groups) {
            if (Double.isNaN(g.suggestedLr())) {
                continue;
            }
            List<Double> rates = config.grid().learningRates(g.gridBatchSize());
            double low = rates.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double high = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            String group = g.optimizer() + " | batch " + g.batchSize();
            if (low > g.suggestedLr()) {
                missed.add(group + " (its lowest rate " + Format.number(low) + " lies above the suggestion)");
            } else if (high <= g.finding().edgeLr()) {
                missed.add(group + " (its highest rate " + Format.number(high) + " does not pass the edge)");
            }
        }
        out.println(missed.isEmpty() ? "the sweep file's ladder brackets every optimizer × batch size"
                : "the sweep file's ladder does not bracket " + String.join("; ", missed)
                + "; learning_rates: auto would lay one that does");
    }

    private static void commit(OutputDirectory dir, RangeFinder finder, SweepConfig config, OutputMode mode) {
        FileSystem fs = dir.fileSystem();
        Path staging = new Path(dir.path().getParent(), dir.path().getName() + ".find-" + WorkDirectory.random());
        try {
            finder.write(staging.toString());
            write(fs, new Path(staging, "sweep.yaml"), ResolvedSweep.yaml(finder.resolved()));
            write(fs, new Path(staging, OutputDirectory.MARKER), "lrsweep find wrote this directory; lrsweep find"
                    + " --overwrite may replace it.\nversion: " + Version.get() + "\nsweep: " + config.name()
                    + "\nwritten: " + Instant.now() + "\n");
            dir.commit(staging, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("output " + dir.given() + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(staging, true);
            } catch (IOException ignored) {
                // best effort: a leftover staging directory is only a stray sibling
            }
        }
    }

    private static void write(FileSystem fs, Path file, String text) throws IOException {
        try (OutputStream o = fs.create(file, false)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
