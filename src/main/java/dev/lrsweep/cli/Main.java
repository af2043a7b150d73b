package dev.lrsweep.cli;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.SweepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * {@code lrsweep}, the top command. Exit codes: 0 success, 1 an unexpected failure, 2 a usage or configuration
 * problem, 3 a data problem ({@link SweepException#exitCode()}).
 */
@Command(name = "lrsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, FindCommand.class, GridCommand.class, QueryCommand.class,
                ReportCommand.class, GenerateCommand.class, BenchCommand.class},
        description = "Learning-rate sweeps on Apache Spark, with PyTorch-exact optimizers and schedules.",
        footer = {"", "Exit codes: 0 done, 1 unexpected failure, 2 usage or configuration problem, 3 data problem,"
                + " 130 or 143 interrupted (Ctrl-C or SIGTERM; run prints the command that resumes it).",
                "Run 'lrsweep COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer> {
    /** The version when no jar metadata says otherwise (running from classes). */
    static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On failure, print the full stack trace as well as the one-line message, and let Spark's"
                    + " logs show theirs.")
    boolean stacktrace;

    /** Standard input, for the query shell. */
    InputStream in = InputStream.nullInputStream();
    /** Whether standard input and output are a terminal (the query shell then edits lines). */
    boolean terminal;
    /** The arguments lrsweep was given, for messages that repeat a command. */
    List<String> args = List.of();

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ConfigException.EXIT_CODE;
    }

    /** Runs lrsweep with these arguments and returns its exit code; never exits the JVM or stops Spark. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(InputStream.nullInputStream(), false, out, err, args);
    }

    /**
     * As {@link #execute(PrintStream, PrintStream, String...)}, with standard input for the query shell.
     *
     * @param terminal whether {@code in} and {@code out} are a terminal, where the shell edits lines
     */
    public static int execute(InputStream in, boolean terminal, PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Main main = new Main();
        main.in = in;
        main.terminal = terminal;
        main.args = List.of(args);
        CommandLine cmd = new CommandLine(main)
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                        failure(ex, commandLine.getErr(), stacktraceRequested(parseResult)));
        int code;
        try {
            code = cmd.execute(args);
        } catch (Throwable t) { // errors (OutOfMemoryError, linkage) that picocli does not handle
            code = failure(t, errWriter, Arrays.asList(args).contains("--stacktrace"));
        }
        if (code != 0 && Interrupts.received() != null) {
            code = interrupted(null, errWriter, false);
        }
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--stacktrace")) {
            ConsoleLogging.showTraces();
        }
        Interrupts.install(System.err);
        int code = execute(System.in, System.console() != null, System.out, System.err, args);
        if (Interrupts.received() != null) {
            Interrupts.awaitCancelledTasks();
        }
        stopSpark();
        System.exit(code);
    }

    /** Stops the session a command created, so event logs are flushed before the JVM exits. */
    private static void stopSpark() {
        try {
            scala.Option<SparkSession> session = SparkSession.getActiveSession();
            if (session.isEmpty()) {
                session = SparkSession.getDefaultSession();
            }
            if (session.isDefined()) {
                session.get().stop();
            }
        } catch (Throwable ignored) {
            // Spark absent or already stopping: nothing to stop.
        }
    }

    /** Unknown options, missing parameters, bad values: the message, a hint, exit code 2. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
        }
        err.println("lrsweep: " + message);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ConfigException.EXIT_CODE;
    }

    /** A failure while running a command: one line, and the trace only when asked for. */
    static int failure(Throwable ex, PrintWriter err, boolean stacktrace) {
        if (Interrupts.received() != null) {
            return interrupted(ex, err, stacktrace);
        }
        SweepException problem = sweepException(ex);
        int code;
        if (problem != null) {
            err.println("lrsweep: " + oneLine(problem.getMessage()));
            code = problem.exitCode();
        } else {
            err.println("lrsweep: " + summary(ex) + (stacktrace ? "" : " (run with --stacktrace for details)"));
            code = 1;
        }
        if (stacktrace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** A command that a signal stopped: its line (once) instead of the failure the signal caused, 130 or 143. */
    private static int interrupted(Throwable ex, PrintWriter err, boolean stacktrace) {
        err.flush();
        String line = Interrupts.takeReport();
        if (line != null) {
            err.println("lrsweep: " + line);
        }
        if (stacktrace && ex != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return Interrupts.exitCode();
    }

    /** The first SweepException in the cause chain, e.g. one a task threw, wrapped by Spark. */
    static SweepException sweepException(Throwable ex) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = ex; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof SweepException s) {
                return s;
            }
        }
        return null;
    }

    /** The exception's type and first line, and its root cause's when that is another exception. */
    static String summary(Throwable ex) {
        Throwable root = ex;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (root.getCause() != null && seen.put(root, true) == null) {
            root = root.getCause();
        }
        String text = describe(ex);
        if (root != ex) {
            String cause = describe(root);
            if (!text.contains(oneLine(String.valueOf(root.getMessage())))) {
                text += " (caused by " + cause + ")";
            }
        }
        return text;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + oneLine(t.getMessage());
        return t.getClass().getSimpleName() + message;
    }

    /** The first line of a message, shortened to 400 characters. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() <= 400 ? line : line.substring(0, 397) + "…";
    }

    private static boolean stacktraceRequested(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    /** lrsweep's version from the jar, and the Spark and Java versions it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "lrsweep " + lrsweepVersion(),
                "Spark " + property("/spark-version-info.properties", "version", "(not on the classpath)")
                        + ", Java " + Runtime.version()
            };
        }

        static String lrsweepVersion() {
            String v = property("/META-INF/maven/dev.lrsweep/lrsweep/pom.properties", "version", null);
            if (v == null) {
                v = Main.class.getPackage().getImplementationVersion();
            }
            return v == null ? FALLBACK_VERSION : v;
        }

        private static String property(String resource, String key, String fallback) {
            try (InputStream in = Main.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return fallback;
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty(key, fallback);
            } catch (IOException e) {
                return fallback;
            }
        }
    }
}
