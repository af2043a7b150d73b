package dev.lrsweep.cli;

import dev.lrsweep.spark.OutputDirectory;
import dev.lrsweep.spark.OutputMode;
import dev.lrsweep.spark.SweepJob;
import dev.lrsweep.sweep.ConfigException;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lrsweep run}: runs the sweep a sweep file describes and writes its results directory. The sweep file,
 * the data and the output directory are all checked before any training starts and before anything is written.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a learning-rate sweep: train every trial of the grid on the executors, judge and rank"
                + " them, and write the trials, curves and summary tables as Parquet.",
                "The results appear all at once: the run writes into a staging directory and renames it into place."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML).")
    Path config;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where to write the results (any Hadoop file system URI or local path); overrides the"
                    + " sweep file's output.")
    String output;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Existing existing;

    /** What to do about an existing output directory. */
    static final class Existing {
        @Option(names = "--overwrite", required = true,
                description = "Replace earlier lrsweep results at the output (only a directory lrsweep wrote).")
        boolean overwrite;

        @Option(names = "--resume", required = true,
                description = "Carry on with an interrupted sweep (not available in this version).")
        boolean resume;
    }

    public RunCommand() {
    }

    @Override
    public Integer call() {
        OutputMode mode = existing == null ? OutputMode.NEW
                : existing.resume ? OutputMode.RESUME : OutputMode.OVERWRITE;
        SweepConfig c = SweepFile.read(config);
        if (output != null) {
            c = new SweepConfig(c.name(), c.seed(), c.data(), c.model(), c.grid(), c.train(), c.diagnose(),
                    c.rankBy(), output);
        }
        if (mode == OutputMode.RESUME) {
            throw new ConfigException(OutputDirectory.RESUME_NOT_AVAILABLE);
        }
        SparkSession spark = SparkSession.builder().appName("lrsweep " + c.name()).getOrCreate();
        new SweepJob(spark, c, mode, spec.commandLine().getOut()).run();
        return 0;
    }
}
