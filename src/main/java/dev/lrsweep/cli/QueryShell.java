package dev.lrsweep.cli;

import dev.lrsweep.core.spec.Names;
import dev.lrsweep.errors.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The query shell: statements of Spark SQL that end with {@code ;} (and may span lines), run one after another on
 * one Spark session, and a few commands ({@code .tables}, {@code .schema NAME}, {@code .help}, {@code .quit}). On a
 * terminal it edits lines and keeps a history ({@link TerminalInput}); otherwise it reads standard input without
 * prompts, so that a script can pipe statements through it. A statement that fails gets its one line and the shell
 * goes on.
 */
final class QueryShell {
    static final List<String> COMMANDS = List.of(".tables", ".schema", ".help", ".quit", ".exit");

    private final QuerySession session;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean stacktrace;
    private int failures;

    QueryShell(QuerySession session, PrintWriter out, PrintWriter err, boolean stacktrace) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.stacktrace = stacktrace;
    }

    /**
     * Reads statements and commands until the input ends or {@code .quit}. A command is a line of its own, between
     * statements; a last statement without its semicolon still runs.
     *
     * @return the exit code: 0, or 2 when a statement or command failed
     */
    int read(BufferedReader in) {
        StringBuilder buffer = new StringBuilder();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!Statements.hasCode(buffer.toString()) && line.strip().startsWith(".")) {
                    buffer.setLength(0);
                    if (!command(line.strip())) {
                        return exitCode();
                    }
                    continue;
                }
                buffer.append(line).append('\n');
                if (Statements.complete(buffer.toString())) {
                    run(buffer.toString(), false);
                    buffer.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(buffer.toString(), false);
        return exitCode();
    }

    /** Edits lines on the terminal until {@code .quit} or Ctrl-D. */
    int interactive(TerminalInput terminal) {
        out.println("lrsweep query: " + String.join(", ", session.views()) + ". Statements end with ';' and may span"
                + " lines; .help lists the commands, .quit or Ctrl-D leaves.");
        out.flush();
        while (true) {
            String text = terminal.read();
            if (text == null || text.strip().startsWith(".") && !command(text.strip())) {
                break;
            }
            if (!text.strip().startsWith(".")) {
                terminal.whileRunning(() -> run(text, true));
            }
        }
        return 0;
    }

    private int exitCode() {
        return failures == 0 ? 0 : ConfigException.EXIT_CODE;
    }

    /** Runs every statement of the text, each with its own line when it fails. */
    private void run(String text, boolean timed) {
        for (String statement : Statements.split(text)) {
            long started = System.nanoTime();
            try {
                long rows = session.execute(statement);
                if (timed) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    out.println(rows < 0 ? String.format("(done in %.2f s)", seconds)
                            : String.format("(%d %s in %.2f s)", rows, rows == 1 ? "row" : "rows", seconds));
                }
            } catch (RuntimeException e) {
                fail(e);
            }
            out.flush();
        }
    }

    /** Runs a command; returns false for {@code .quit}. */
    private boolean command(String line) {
        String[] words = line.split("\\s+");
        try {
            switch (words[0]) {
                case ".quit", ".exit" -> {
                    return false;
                }
                case ".help" -> help();
                case ".tables" -> session.printTables();
                case ".schema" -> {
                    if (words.length > 2) {
                        throw new ConfigException(".schema takes one view or table name, e.g. .schema trials");
                    }
                    session.printSchema(words.length == 2 ? words[1].replaceAll(";$", "") : null);
                }
                default -> {
                    String hint = Names.closest(words[0], COMMANDS);
                    throw new ConfigException("unknown command " + words[0] + (hint == null ? ""
                            : " (did you mean " + hint + "?)") + "; .help lists the commands");
                }
            }
        } catch (RuntimeException e) {
            fail(e);
        }
        out.flush();
        return true;
    }

    private void fail(RuntimeException e) {
        failures++;
        out.flush();
        Main.failure(e, err, stacktrace);
    }

    private void help() {
        out.println("Spark SQL statements end with ';' and may span lines. Commands:");
        out.println("  .tables         the views and the directories they read");
        out.println("  .schema [NAME]  the columns of a view or table (of every view without a name)");
        out.println("  .help           this text");
        out.println("  .quit           leave (also .exit, or Ctrl-D on a terminal)");
        out.println("Views: " + String.join(", ", session.views()) + ". Any Parquet directory reads in place:"
                + " SELECT * FROM parquet.`results/other/summary`");
    }
}
