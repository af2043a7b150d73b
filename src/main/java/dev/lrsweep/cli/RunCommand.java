package dev.lrsweep.cli;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.run.OutputMode;
import dev.lrsweep.run.SweepJob;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lrsweep run}: runs the sweep a sweep file describes and writes its results directory. The sweep file,
 * the data and the output directory are all checked before any training starts and before anything is written.
 * The trials train in waves committed to a work directory next to the output ({@code --wave-trials}, by default
 * 64 × Spark's default parallelism or a 16th of the trials per wave), so that {@code --resume} can carry on after a lost driver.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a learning-rate sweep: train every trial of the grid on the executors, judge and rank"
                + " them, and write the trials, curves and summary tables as Parquet.",
                "The results appear all at once: the run writes into a staging directory and renames it into place.",
                "Trials train in waves, each committed to the work directory <output>.partial as it ends; if the"
                        + " driver is lost, run the same command with --resume to train only the trials left."})
public final class RunCommand implements Callable<Integer> {
    /** The launcher's command line as typed, its words separated by U+001F, for the --resume command. */
    static final String LAUNCHED = "LRSWEEP_COMMAND";

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

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
                description = "Replace earlier lrsweep results at the output (only a directory lrsweep wrote), and"
                        + " discard the work directory of an interrupted run (only one lrsweep wrote).")
        boolean overwrite;

        @Option(names = "--resume", required = true,
                description = "Carry on with an interrupted sweep: keep the waves committed in <output>.partial and"
                        + " train only the trials left. The sweep file and the data must be unchanged; if the output"
                        + " is already complete, say so and do nothing.")
        boolean resume;
    }

    @Option(names = "--wave-trials", paramLabel = "N",
            description = "Trials per wave. Each wave is one Spark job, committed to <output>.partial before the next"
                    + " starts, so a lost driver loses at most the wave in progress. Default: 64 × Spark's default"
                    + " parallelism (one full block of trials per core) or a 16th of the trials, whichever is more;"
                    + " smaller waves lose less, but narrow the"
                    + " blocks and add a commit each.")
    Integer waveTrials;

    @Option(names = "--commit-seconds", paramLabel = "S",
            description = "In the sharded layout, commit the trials' states of the wave in progress (with the curves"
                    + " trained since) after the first round that ends at least S seconds after the last commit;"
                    + " 0 commits after every round. A lost driver loses at most the rounds since the last commit."
                    + " Default: 30. A wave's end always commits it.")
    Double commitSeconds;

    public RunCommand() {
    }

    @Override
    public Integer call() {
        Interrupts.report(() -> interrupted(new SweepJob.Standing(false, -1, 0, false), null));
        OutputMode mode = existing == null ? OutputMode.NEW
                : existing.resume ? OutputMode.RESUME : OutputMode.OVERWRITE;
        SweepConfig c = SweepFile.read(config);
        if (output != null) {
            c = c.withOutput(output);
        }
        if (waveTrials != null && waveTrials < 1) {
            throw new ConfigException("--wave-trials must be at least 1, not " + waveTrials);
        }
        if (commitSeconds != null && !SweepJob.isCommitPeriod(commitSeconds)) {
            throw new ConfigException("--commit-seconds must be a number of seconds ≥ 0, not "
                    + Format.number(commitSeconds));
        }
        SparkSession spark = SparkSession.builder().appName("lrsweep " + c.name()).getOrCreate();
        SweepJob job = new SweepJob(spark, c, mode, spec.commandLine().getOut());
        String given = c.output();
        Interrupts.report(() -> interrupted(job.standing(), given));
        if (waveTrials != null) {
            job.waveTrials(waveTrials);
        }
        if (commitSeconds != null) {
            job.commitSeconds(commitSeconds);
        }
        job.run();
        return 0;
    }

    /** The line a signal ends the run with: what is committed, and the command that carries on. */
    private String interrupted(SweepJob.Standing s, String output) {
        if (s.complete()) {
            return "interrupted after the results were written to " + output;
        }
        boolean resuming = existing != null && existing.resume;
        if (!s.resumable() && !resuming) {
            return "interrupted before training started; nothing was written";
        }
        String committed = s.committed() < 0 ? "the committed waves are kept"
                : s.committed() + " of " + s.trials() + (s.trials() == 1 ? " trial is" : " trials are") + " committed";
        return "interrupted: " + committed + "; carry on with: "
                + resumeCommand(System.getenv(LAUNCHED), main == null ? List.of() : main.args);
    }

    /**
     * The command that resumes this run: the launcher's command line as typed when it says so ({@code launched},
     * its words separated by U+001F), else {@code lrsweep} and these arguments; without {@code --overwrite}, with
     * {@code --resume}, each word quoted for a POSIX shell where it needs to be.
     */
    static String resumeCommand(String launched, List<String> args) {
        List<String> words = new ArrayList<>();
        List<String> typed = launched == null ? List.of() : List.of(launched.split("\u001f", -1));
        if (typed.size() > args.size() && typed.subList(typed.size() - args.size(), typed.size()).equals(args)
                || !typed.isEmpty() && typed.containsAll(args)) {
            words.addAll(typed);
        } else {
            words.add("lrsweep");
            words.addAll(args);
        }
        words.removeIf(w -> w.equals("--resume") || w.equals("--overwrite") || w.startsWith("--overwrite="));
        words.add("--resume");
        return words.stream().map(RunCommand::quoted).collect(Collectors.joining(" "));
    }

    /** A word as a POSIX shell reads it back: plain when it can be, else in single quotes. */
    static String quoted(String word) {
        return !word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word
                : "'" + word.replace("'", "'\\''") + "'";
    }
}
