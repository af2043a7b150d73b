package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code lrsweep query} over a small hand-made results directory. */
class QueryCommandTest {
    static Path results;

    @BeforeAll
    static void writeAResultsDirectory() {
        results = Sweeps.workDir("query").resolve("results");
        StructType trials = new StructType().add("trial_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
                .add("learning_rate", DataTypes.DoubleType).add("reason", DataTypes.StringType)
                .add("final_val_loss", DataTypes.DoubleType);
        spark().createDataFrame(List.of(
                RowFactory.create("a1", 1, 0.001, "ok: fell, \"fast\"", 0.25),
                RowFactory.create("b2", 2, 0.03, "line\nbreak", null),
                RowFactory.create("c3", 3, 1e-8, "plain", Double.NaN)), trials)
                .coalesce(1).write().parquet(results.resolve("trials").toString());
        StructType curves = new StructType().add("trial_id", DataTypes.StringType).add("step", DataTypes.LongType);
        spark().createDataFrame(List.of(RowFactory.create("a1", 0L)), curves).write()
                .parquet(results.resolve("curves").toString());
        StructType summary = new StructType().add("optimizer", DataTypes.StringType);
        spark().createDataFrame(List.of(RowFactory.create("sgd")), summary).write()
                .parquet(results.resolve("summary").toString());
        Sweeps.write(results.resolve(OutputDirectory.MARKER), "lrsweep wrote this directory\n");
    }

    @Test
    @DisplayName("csv prints a header line and then exactly the count")
    void csvPrintsAHeaderLineAndThenExactlyTheCount() {
        Sweeps.Outcome o = lrsweep("query", results.toString(), "SELECT count(*) FROM trials", "--format", "csv");
        assertEquals(0, o.code(), o.err());
        assertEquals("count(1)\n3\n", o.out());
    }

    @Test
    @DisplayName("csv quotes commas, quotes and line breaks as RFC 4180 says, and leaves nulls empty")
    void csvQuotesAsRfc4180Says() {
        Sweeps.Outcome o = lrsweep("query", results.toString(),
                "SELECT trial_id, learning_rate, reason, final_val_loss FROM trials ORDER BY rank", "--format", "CSV");
        assertEquals(0, o.code(), o.err());
        assertEquals("trial_id,learning_rate,reason,final_val_loss\n"
                + "a1,0.001,\"ok: fell, \"\"fast\"\"\",0.25\n"
                + "b2,0.03,\"line\nbreak\",\n"
                + "c3,1e-08,plain,NaN\n", o.out());
    }

    @Test
    @DisplayName("json prints one object per row, nulls included")
    void jsonPrintsOneObjectPerRow() throws Exception {
        Sweeps.Outcome o = lrsweep("query", results.toString(),
                "SELECT trial_id, rank, final_val_loss, array(1, 2) AS pair FROM trials ORDER BY rank", "--format", "json");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(3, lines.size(), o.out());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("a1", first.get("trial_id").asText());
        assertEquals(1, first.get("rank").asInt());
        assertEquals(0.25, first.get("final_val_loss").asDouble());
        assertEquals("[1,2]", first.get("pair").toString());
        assertTrue(new ObjectMapper().readTree(lines.get(1)).get("final_val_loss").isNull());
        assertEquals("NaN", new ObjectMapper().readTree(lines.get(2)).get("final_val_loss").asText());
    }

    @Test
    @DisplayName("the table is aligned, shows NULL and is not truncated")
    void theTableIsAlignedShowsNullAndIsNotTruncated() {
        Sweeps.Outcome o = lrsweep("query", results.toString(),
                "SELECT trial_id, final_val_loss, repeat('x', 40) AS wide FROM trials ORDER BY rank");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(7, lines.size(), o.out());
        assertTrue(lines.stream().allMatch(l -> l.length() == lines.get(0).length()), o.out());
        assertEquals("|trial_id|final_val_loss|" + "wide" + " ".repeat(36) + "|", lines.get(1));
        assertEquals("|b2      |          NULL|" + "x".repeat(40) + "|", lines.get(4));
    }

    @Test
    @DisplayName("the table stops at 1000 rows and says so")
    void theTableStopsAt1000RowsAndSaysSo() {
        Sweeps.Outcome o = lrsweep("query", results.toString(), "SELECT id FROM range(1500)", "--format", "table");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(1000 + 5, lines.size());
        assertTrue(lines.get(lines.size() - 1).contains("only the first 1000 rows"), lines.get(lines.size() - 1));
    }

    @Test
    @DisplayName("a directory without the marker is refused with one line and exit code 2")
    void aDirectoryWithoutTheMarkerIsRefused() {
        Path dir = Sweeps.workDir("not-results");
        Sweeps.Outcome o = lrsweep("query", dir.toString(), "SELECT 1");
        assertEquals(2, o.code(), o.err());
        assertEquals(List.of("lrsweep: " + dir + " is not an lrsweep results directory (no _LRSWEEP marker)"),
                o.err().lines().toList());
    }

    @Test
    @DisplayName("bad SQL is refused with one line and exit code 2")
    void badSqlIsRefusedWithOneLine() {
        for (String sql : List.of("SELEC * FROM trials", "SELECT * FROM trails", "SELECT nope FROM trials")) {
            Sweeps.Outcome o = lrsweep("query", results.toString(), sql);
            assertEquals(2, o.code(), o.err());
            List<String> lines = o.err().lines().toList();
            assertEquals(1, lines.size(), o.err());
            assertTrue(lines.get(0).startsWith("lrsweep: query: ["), lines.get(0));
        }
    }

    @Test
    @DisplayName("an unknown format is a usage error")
    void anUnknownFormatIsAUsageError() {
        Sweeps.Outcome o = lrsweep("query", results.toString(), "SELECT 1", "--format", "xml");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("expected table, csv or json, got xml"), o.err());
    }
}
