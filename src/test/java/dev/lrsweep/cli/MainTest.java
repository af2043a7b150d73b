package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.DataException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

    /** The exit code and what was printed. */
    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("--help lists the four commands and exits with 0")
    void helpListsTheFourCommandsAndExits0() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String verb : List.of("run", "grid", "query", "generate")) {
            assertTrue(o.out().lines().anyMatch(l -> l.strip().startsWith(verb + " ") || l.strip().equals(verb)),
                    verb + " missing from:\n" + o.out());
        }
        assertTrue(o.out().contains("--stacktrace"));
    }

    @Test
    @DisplayName("no command prints the usage on stderr and exits 2")
    void noCommandPrintsTheUsageOnStderrAndExits2() {
        Outcome o = run();
        assertEquals(2, o.code());
        assertTrue(o.err().contains("Usage: lrsweep"), o.err());
        assertEquals("", o.out());
    }

    @Test
    @DisplayName("an unknown command gives one line and a hint, with exit code 2")
    void anUnknownCommandIsOneLineAndAHintWithExitCode2() {
        Outcome o = run("frobnicate");
        assertEquals(2, o.code());
        assertEquals(2, o.errLines().size(), o.err());
        assertTrue(o.errLines().get(0).startsWith("lrsweep: ") && o.errLines().get(0).contains("frobnicate"), o.err());
        assertEquals("Try 'lrsweep --help' for more information.", o.errLines().get(1));
    }

    @Test
    @DisplayName("an unknown option names the option and suggests a close one")
    void anUnknownOptionNamesTheOptionAndSuggestsACloseOne() {
        Outcome o = run("generate", "--kind", "linear", "--rows", "5", "--features", "2", "--output", "x", "--overwrit");
        assertEquals(2, o.code());
        assertTrue(o.errLines().get(0).contains("--overwrit") && o.errLines().get(0).contains("did you mean"), o.err());
        assertEquals("Try 'lrsweep generate --help' for more information.", o.errLines().get(1));
    }

    @Test
    @DisplayName("a missing required option exits 2 without a stack trace")
    void aMissingRequiredOptionExits2WithoutAStackTrace() {
        Outcome o = run("generate", "--kind", "linear", "--rows", "5");
        assertEquals(2, o.code());
        assertTrue(o.errLines().get(0).startsWith("lrsweep: Missing required option"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    @DisplayName("--version names lrsweep, Spark and Java")
    void versionNamesLrsweepSparkAndJava() {
        Outcome o = run("--version");
        assertEquals(0, o.code());
        assertTrue(o.out().startsWith("lrsweep "), o.out());
        assertTrue(o.out().contains("Spark 4.1.0") && o.out().contains("Java 17"), o.out());
    }

    @Test
    @DisplayName("a configuration problem is one line, with exit code 2")
    void aConfigurationProblemIsOneLineWithExitCode2() {
        Outcome o = run("grid", "target/no-such-sweep.yaml");
        assertEquals(2, o.code());
        assertEquals(List.of("lrsweep: sweep file target/no-such-sweep.yaml does not exist"), o.errLines());
    }

    @Test
    @DisplayName("--stacktrace adds the trace after the one-line message")
    void stacktraceAddsTheTraceAfterTheOneLineMessage() {
        Outcome o = run("grid", "target/no-such-sweep.yaml", "--stacktrace");
        assertEquals(2, o.code());
        assertEquals("lrsweep: sweep file target/no-such-sweep.yaml does not exist", o.errLines().get(0));
        assertTrue(o.err().contains("\tat dev.lrsweep.sweep.SweepFile.read"), o.err());
    }

    @Test
    @DisplayName("a sweep exception wrapped by Spark keeps its message and exit code")
    void aSweepExceptionWrappedBySparkKeepsItsMessageAndExitCode() {
        StringWriter text = new StringWriter();
        RuntimeException wrapped = new RuntimeException("Job aborted due to stage failure:\n lots of detail",
                new IllegalStateException("task failed", new DataException("column x3 holds NaN in 2 rows")));
        int code = Main.failure(wrapped, new PrintWriter(text), false);
        assertEquals(DataException.EXIT_CODE, code);
        assertEquals(List.of("lrsweep: column x3 holds NaN in 2 rows"), text.toString().lines().toList());
    }

    @Test
    @DisplayName("any other failure is one summarised line, with exit code 1")
    void anyOtherFailureIsOneSummarisedLineWithExitCode1() {
        StringWriter text = new StringWriter();
        Exception e = new IllegalStateException("first line\nsecond line", new java.io.IOException("disk full"));
        int code = Main.failure(e, new PrintWriter(text), false);
        assertEquals(1, code);
        assertEquals(List.of("lrsweep: IllegalStateException: first line (caused by IOException: disk full)"
                + " (run with --stacktrace for details)"), text.toString().lines().toList());
    }

    @Test
    @DisplayName("configuration exceptions map to exit code 2")
    void configurationExceptionsMapToExitCode2() {
        StringWriter text = new StringWriter();
        assertEquals(ConfigException.EXIT_CODE, Main.failure(new ConfigException("bad"), new PrintWriter(text), false));
        assertEquals("lrsweep: bad", text.toString().strip());
    }
}
