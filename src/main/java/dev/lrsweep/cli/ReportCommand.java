package dev.lrsweep.cli;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.report.ReportPage;
import dev.lrsweep.report.SweepReport;
import dev.lrsweep.results.SweepReports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lrsweep report}: writes the report page of one or more results directories to a local file. With
 * several, their loss-against-rate charts lie over one another, and the rest of the page switches between them.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the report page (HTML, one self-contained file that opens offline) of one or more"
                + " sweeps' results. run writes the same page into its results directory as report.html.",
                "With several results directories, the loss-against-rate charts lay them over one another, e.g."
                        + " raw against standardised features; the rest of the page switches between them.",
                "Example: lrsweep report results/raw results/standardised --output compare.html"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR", description = "Directories that lrsweep run wrote.")
    List<String> dirs;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = ReportPage.FILE,
            description = "The local file to write (default: ${DEFAULT-VALUE} in the working directory).")
    Path output;

    @Option(names = "--overwrite", description = "Replace the output file if it exists.")
    boolean overwrite;

    public ReportCommand() {
    }

    @Override
    public Integer call() {
        if (Files.isDirectory(output)) {
            throw new ConfigException("--output " + output + " is a directory; name the report's file");
        }
        if (Files.exists(output) && !overwrite) {
            throw new ConfigException("--output " + output + " exists; add --overwrite to replace it");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new ConfigException("--output " + output + ": directory " + parent + " does not exist");
        }
        SparkSession spark = SparkSession.builder().appName("lrsweep report").getOrCreate();
        List<SweepReport> sweeps = new ArrayList<>();
        for (String dir : dirs) {
            sweeps.add(SweepReports.read(spark, dir));
        }
        long bytes = write(sweeps, output.toAbsolutePath());
        int trials = sweeps.stream().mapToInt(s -> s.trials().size()).sum();
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote the report of %s (%d trials) to %s, %.1f MB%n",
                sweeps.size() == 1 ? "sweep " + sweeps.get(0).name() : sweeps.size() + " sweeps", trials, output,
                bytes / 1e6);
        return 0;
    }

    /** Writes the page next to the output, then moves it into place; returns its size. */
    private static long write(List<SweepReport> sweeps, Path output) {
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                ReportPage.write(sweeps, out);
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing was left, or nothing more can be done
            }
        }
    }
}
