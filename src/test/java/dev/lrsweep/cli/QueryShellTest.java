package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.lrsweepWithInput;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.OutputDirectory;
import dev.lrsweep.run.Sweeps;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code lrsweep query} with several statements ({@code -e}, {@code --file}), as a shell reading standard input,
 * and over two results directories ({@code --with}).
 */
class QueryShellTest {
    static Path results;
    static Path other;

    @BeforeAll
    static void writeTwoResultsDirectories() {
        results = resultsDirectory("query-shell", 0.5);
        other = resultsDirectory("query-shell-other", 0.25);
    }

    /** Three trials (ranks 1 to 3, learning rates 0.1 to 0.3) whose final losses are {@code loss}, 2·loss, 3·loss. */
    static Path resultsDirectory(String name, double loss) {
        Path dir = Sweeps.workDir(name).resolve("results");
        StructType trials = new StructType().add("trial_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
                .add("learning_rate", DataTypes.DoubleType).add("final_val_loss", DataTypes.DoubleType);
        spark().createDataFrame(List.of(RowFactory.create("a", 1, 0.1, loss), RowFactory.create("b", 2, 0.2, 2 * loss),
                RowFactory.create("c", 3, 0.3, 3 * loss)), trials).coalesce(1).write().parquet(dir.resolve("trials").toString());
        StructType curves = new StructType().add("trial_id", DataTypes.StringType).add("step", DataTypes.LongType);
        spark().createDataFrame(List.of(RowFactory.create("a", 0L)), curves).write()
                .parquet(dir.resolve("curves").toString());
        StructType summary = new StructType().add("optimizer", DataTypes.StringType)
                .add("largest_stable_lr", DataTypes.DoubleType);
        spark().createDataFrame(List.of(RowFactory.create("sgd", 0.2)), summary).write()
                .parquet(dir.resolve("summary").toString());
        Sweeps.write(dir.resolve(OutputDirectory.MARKER), "lrsweep wrote this directory\n");
        return dir;
    }

    @Test
    @DisplayName("the shell reads statements from standard input: several lines make one statement, one line may hold two, and commands answer")
    void theShellReadsStatementsFromStandardInput() {
        Sweeps.Outcome o = lrsweepWithInput("""
                .tables
                SELECT trial_id,
                       rank
                  FROM trials
                 WHERE rank < 3
                 ORDER BY rank;
                SELECT count(*) AS n FROM trials; SELECT max(rank) AS top FROM trials;
                .schema summary
                SELECT 'a; b' AS text -- the semicolon in the string ends nothing
                """, "query", results.toString(), "--format", "csv");
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.err());
        assertEquals(String.join("\n",
                "trials   " + results + "/trials",
                "curves   " + results + "/curves",
                "summary  " + results + "/summary",
                "trial_id,rank", "a,1", "b,2",
                "", "n", "3",
                "", "top", "3",
                "  optimizer          string",
                "  largest_stable_lr  double",
                "", "text", "a; b", ""), o.out());
    }

    @Test
    @DisplayName("a statement that fails in the shell gets its one line, the shell goes on, and it exits with 2; .quit stops reading")
    void aStatementThatFailsInTheShellGetsItsOneLineAndTheShellGoesOn() {
        Sweeps.Outcome o = lrsweepWithInput("""
                SELECT nope FROM trials;
                .tabels
                SELECT count(*) AS n FROM trials;
                .quit
                SELECT 'never' AS text;
                """, "query", results.toString(), "--format", "csv");
        assertEquals(2, o.code(), o.err());
        assertEquals("n\n3\n", o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(2, lines.size(), o.err());
        assertTrue(lines.get(0).startsWith("lrsweep: query: [UNRESOLVED_COLUMN"), lines.get(0));
        assertEquals("lrsweep: unknown command .tabels (did you mean .tables?); .help lists the commands", lines.get(1));
    }

    @Test
    @DisplayName("-e and --file run their statements in order, in one Spark session, each result set off by a blank line")
    void eAndFileRunTheirStatementsInOrder() {
        Path file = Sweeps.write(Sweeps.workDir("query-file").resolve("q.sql"), """
                -- the views a statement makes serve the next
                CREATE OR REPLACE TEMPORARY VIEW best AS SELECT * FROM trials WHERE rank = 1;
                SELECT trial_id FROM best;
                """);
        Sweeps.Outcome o = lrsweep("query", results.toString(), "-e", "SELECT count(*) AS n FROM trials",
                "-e", "SELECT min(rank) AS first FROM trials; SELECT max(rank) AS last FROM trials",
                "--file", file.toString(), "--format", "csv");
        assertEquals(0, o.code(), o.err());
        assertEquals("n\n3\n\nfirst\n1\n\nlast\n3\n\ntrial_id\na\n", o.out());
    }

    @Test
    @DisplayName("the first statement of several that fails stops the command with one line naming which it was")
    void theFirstStatementOfSeveralThatFailsStopsTheCommand() {
        Sweeps.Outcome o = lrsweep("query", results.toString(), "-e", "SELECT 1 AS one; SELECT nope FROM trials",
                "-e", "SELECT 3 AS three", "--format", "csv");
        assertEquals(2, o.code(), o.err());
        assertEquals("one\n1\n", o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).startsWith("lrsweep: query: [UNRESOLVED_COLUMN") && lines.get(0).endsWith("(statement 2 of 3)"),
                lines.get(0));
    }

    @Test
    @DisplayName("--with registers another results directory's tables under a prefix, so that two sweeps compare in one statement")
    void withRegistersAnotherResultsDirectorysTablesUnderAPrefix() {
        Sweeps.Outcome o = lrsweep("query", results.toString(), "--with", "raw=" + other, "--format", "csv", "-e", """
                SELECT t.trial_id, t.final_val_loss AS here, r.final_val_loss AS raw
                  FROM trials t JOIN raw_trials r USING (trial_id) ORDER BY t.trial_id""",
                "-e", "SELECT s.largest_stable_lr, r.largest_stable_lr AS raw FROM summary s, raw_summary r");
        assertEquals(0, o.code(), o.err());
        assertEquals("trial_id,here,raw\na,0.5,0.25\nb,1,0.5\nc,1.5,0.75\n\nlargest_stable_lr,raw\n0.2,0.2\n", o.out());
    }

    @Test
    @DisplayName("any results table reads in place as parquet.`path`")
    void anyResultsTableReadsInPlaceAsParquetPath() {
        Sweeps.Outcome o = lrsweep("query", results.toString(), "--format", "csv",
                "SELECT count(*) AS n FROM parquet.`" + other.resolve("trials") + "`");
        assertEquals(0, o.code(), o.err());
        assertEquals("n\n3\n", o.out());
    }

    @Test
    @DisplayName("a bad --with or a missing --file is refused with one line and exit code 2")
    void aBadWithOrAMissingFileIsRefused() {
        for (List<String> args : List.of(List.of("--with", "raw"), List.of("--with", "2nd=" + other),
                List.of("--with", "raw=" + other, "--with", "RAW=" + other), List.of("--file", "nowhere.sql"),
                List.of("--with", "raw=" + results.resolve("nowhere")))) {
            List<String> command = new java.util.ArrayList<>(List.of("query", results.toString(), "-e", "SELECT 1"));
            command.addAll(args);
            Sweeps.Outcome o = lrsweep(command.toArray(new String[0]));
            assertEquals(2, o.code(), args + ": " + o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().startsWith("lrsweep: "), o.err());
        }
    }
}
