package dev.lrsweep.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Completer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.SystemStream;

/**
 * The query shell's input on a terminal, with JLine: line editing, a history kept in {@code ~/.lrsweep_history}
 * (one entry per statement, however many lines it spans), completion of commands, keywords, views and columns,
 * and statements that continue on the next line until they end with {@code ;}. Ctrl-C clears the line being
 * edited, or cancels the Spark jobs of the statement that is running; Ctrl-D leaves.
 *
 * <p>The terminal is driven through {@code stty} (JLine's exec provider), created directly rather than looked up,
 * since the application jar relocates JLine and leaves out its native library.
 */
final class TerminalInput implements AutoCloseable {
    static final String PROMPT = "lrsweep> ";
    static final String CONTINUATION = "   ...> ";
    static final Path HISTORY = Path.of(System.getProperty("user.home"), ".lrsweep_history");
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING",
            "LIMIT", "JOIN", "LEFT JOIN", "USING", "ON", "AS", "AND", "OR", "NOT", "DISTINCT", "COUNT", "DESC", "ASC",
            "DESCRIBE", "WITH", "UNION ALL", "CREATE TEMPORARY VIEW", "min_by", "max_by", "parquet.`");

    private final Terminal terminal;
    private final LineReader reader;
    private final Runnable cancel;

    /**
     * @param words  what completion offers besides commands and keywords: views and columns
     * @param cancel cancels the running statement's Spark jobs (on Ctrl-C while it runs)
     */
    TerminalInput(List<String> words, Runnable cancel) throws IOException {
        this.cancel = cancel;
        this.terminal = new ExecTerminalProvider().sysTerminal("lrsweep", System.getenv("TERM"), false,
                StandardCharsets.UTF_8, StandardCharsets.UTF_8, StandardCharsets.UTF_8, StandardCharsets.UTF_8, true,
                Terminal.SignalHandler.SIG_DFL, false, SystemStream.Output);
        List<String> candidates = new ArrayList<>(QueryShell.COMMANDS);
        candidates.addAll(KEYWORDS);
        candidates.addAll(words);
        Completer completer = new StringsCompleter(candidates);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("lrsweep")
                .parser(new StatementParser())
                .completer(completer)
                .variable(LineReader.HISTORY_FILE, HISTORY)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is SQL, not a history event
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .build();
    }

    /** The next statement or command as typed (a statement may span lines); null at Ctrl-D. */
    String read() {
        while (true) {
            try {
                return reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                // Ctrl-C: the line is dropped; edit the next one
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    /** Runs a statement with Ctrl-C cancelling its Spark jobs instead of ending lrsweep. */
    void whileRunning(Runnable statement) {
        Terminal.SignalHandler before = terminal.handle(Terminal.Signal.INT, signal -> cancel.run());
        try {
            statement.run();
        } finally {
            terminal.handle(Terminal.Signal.INT, before);
        }
    }

    @Override
    public void close() throws IOException {
        reader.getHistory().save();
        terminal.close();
    }

    /** A line is accepted once it completes its statements (or is a command); until then the next line continues it. */
    static final class StatementParser implements Parser {
        private final DefaultParser words = new DefaultParser();

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.strip().startsWith(".") && !Statements.complete(line)) {
                throw new EOFError(-1, -1, "the statement continues until ';'");
            }
            return words.parse(line, cursor, context);
        }
    }
}
