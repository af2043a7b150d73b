package dev.lrsweep.cli;

import dev.lrsweep.run.FindJob;
import dev.lrsweep.run.OutputMode;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lrsweep find}: the learning-rate range test and the landscape of a sweep's data, without the sweep: where
 * the loss falls and turns up for every optimizer × batch size, the rate to suggest, the stability edge the data
 * imply, and the ladder {@code learning_rates: auto} would lay.
 */
@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find the learning-rate range of a sweep: run its range test (a short run per optimizer ×"
                + " batch size × seed whose rate ramps geometrically) and estimate its landscape (λmax, the stability"
                + " edge, the gradient noise scale), without running the sweep.",
                "Prints each optimizer × batch size's suggested rate and edge, and the ladder learning_rates: auto"
                        + " would lay. With --output, writes landscape/, range_test/, range_test_curves/ and a"
                        + " sweep.yaml with that ladder."})
public final class FindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML).")
    Path config;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where to write the tables (any Hadoop file system URI or local path); without it,"
                    + " nothing is written.")
    String output;

    @Option(names = "--overwrite", description = "Replace earlier lrsweep results at the output (only a directory"
            + " lrsweep wrote).")
    boolean overwrite;

    @Override
    public Integer call() {
        SweepConfig c = SweepFile.read(config);
        SparkSession spark = SparkSession.builder().appName("lrsweep find " + c.name()).getOrCreate();
        FindJob.run(spark, c, output, overwrite ? OutputMode.OVERWRITE : OutputMode.NEW, spec.commandLine().getOut());
        return 0;
    }
}
