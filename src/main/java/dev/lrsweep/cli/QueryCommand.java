package dev.lrsweep.cli;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.results.QueryOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lrsweep query}: runs Spark SQL over a results directory, whose tables are views of the same names
 * ({@code trials}, {@code curves}, {@code summary}, and any of {@code landscape}, {@code range_test},
 * {@code range_test_curves}, {@code batch_scaling} it holds): the statements given ({@code SQL}, {@code -e},
 * {@code --file}), or, without any, a shell on one Spark session ({@link QueryShell}). {@code --with NAME=DIR} adds another directory's tables as
 * {@code NAME_trials}, … so that two sweeps compare in one statement.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run Spark SQL over a sweep's results: the views trials, curves and summary, and those of the"
                + " other tables it holds (landscape, range_test, range_test_curves, batch_scaling).",
                "Statements come from SQL, -e and --file, in that order, and run one after another on one Spark"
                        + " session. Without any, a shell reads statements (ending with ';') from the terminal,"
                        + " with line editing and history, or from standard input.",
                "Example: lrsweep query results/demo \"SELECT rank, status, learning_rate FROM trials"
                        + " ORDER BY rank LIMIT 5\"",
                "Any Parquet directory reads in place: SELECT * FROM parquet.`results/other/summary`"})
public final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A directory that lrsweep run wrote.")
    String dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SQL",
            description = "Spark SQL: one statement, or several separated by ';'.")
    String sql;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
            description = "Statements to run (repeatable), after SQL.")
    List<String> execute = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "A file of statements separated by ';' (repeatable), run after -e.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--with", paramLabel = "NAME=DIR",
            description = "Also register the results directory DIR as the views NAME_trials, NAME_curves and"
                    + " NAME_summary (repeatable), e.g. --with raw=results/raw.")
    List<String> with = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = StyleConverter.class,
            description = "table (aligned, at most " + QueryOutput.TABLE_ROWS + " rows), csv (a header line,"
                    + " RFC 4180 quoting) or json (one object per line); default: ${DEFAULT-VALUE}.")
    QueryOutput.Style format;

    public QueryCommand() {
    }

    @Override
    public Integer call() {
        Map<String, String> others = others();
        List<String> statements = statements();
        boolean given = sql != null || !execute.isEmpty() || !files.isEmpty();

        SparkSession spark = SparkSession.builder().appName("lrsweep query").getOrCreate();
        QuerySession session = new QuerySession(spark, format, spec.commandLine().getOut());
        session.open(dir, null);
        others.forEach((name, other) -> session.open(other, name));
        if (given) {
            for (int i = 0; i < statements.size(); i++) {
                try {
                    session.execute(statements.get(i));
                } catch (ConfigException e) {
                    throw statements.size() == 1 ? e : new ConfigException(e.getMessage() + " (statement " + (i + 1)
                            + " of " + statements.size() + ")", e);
                }
            }
            return 0;
        }
        QueryShell shell = new QueryShell(session, spec.commandLine().getOut(), spec.commandLine().getErr(),
                main != null && main.stacktrace);
        if (main != null && main.terminal) {
            try (TerminalInput terminal = new TerminalInput(completions(session), spark.sparkContext()::cancelAllJobs)) {
                return shell.interactive(terminal);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shell.read(new BufferedReader(new InputStreamReader(
                main == null ? System.in : main.in, StandardCharsets.UTF_8)));
    }

    /** The --with directories by name, checked before Spark starts. */
    private Map<String, String> others() {
        Map<String, String> others = new LinkedHashMap<>();
        for (String w : with) {
            int eq = w.indexOf('=');
            String name = eq < 0 ? "" : w.substring(0, eq);
            if (eq < 0 || eq == w.length() - 1) {
                throw new ConfigException("--with takes NAME=DIR, e.g. --with raw=results/raw; got " + w);
            }
            if (!QuerySession.NAME.matcher(name).matches()) {
                throw new ConfigException("--with " + w + ": the name must be a letter followed by letters, digits"
                        + " or _, as it starts the names of the views (" + name + "_trials, …)");
            }
            if (others.put(name.toLowerCase(Locale.ROOT), w.substring(eq + 1)) != null) {
                throw new ConfigException("--with names " + name + " twice");
            }
        }
        return others;
    }

    /** The statements of SQL, -e and --file, in that order; files are read before Spark starts. */
    private List<String> statements() {
        List<String> statements = new ArrayList<>();
        if (sql != null) {
            statements.addAll(Statements.split(sql));
        }
        for (String e : execute) {
            statements.addAll(Statements.split(e));
        }
        for (Path f : files) {
            try {
                statements.addAll(Statements.split(Files.readString(f)));
            } catch (NoSuchFileException e) {
                throw new ConfigException("--file " + f + " does not exist");
            } catch (IOException e) {
                throw new ConfigException("--file " + f + " cannot be read: " + e.getMessage(), e);
            }
        }
        return statements;
    }

    /** The views and their columns, for completion. */
    private static List<String> completions(QuerySession session) {
        List<String> words = new ArrayList<>(session.views());
        for (String view : session.views()) {
            for (StructField f : session.spark().table(view).schema().fields()) {
                if (!words.contains(f.name())) {
                    words.add(f.name());
                }
            }
        }
        return words;
    }

    /** table, csv or json, in any case. */
    static final class StyleConverter implements ITypeConverter<QueryOutput.Style> {
        @Override
        public QueryOutput.Style convert(String value) {
            try {
                return QueryOutput.Style.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected table, csv or json, got " + value);
            }
        }
    }
}
