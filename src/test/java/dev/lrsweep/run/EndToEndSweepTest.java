package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.results.ResultColumn;
import dev.lrsweep.results.SummaryTable;
import dev.lrsweep.results.TrialsTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A small sweep on synthetic logistic data, end to end through {@code lrsweep run} and {@code lrsweep query}. */
class EndToEndSweepTest {
    static Path dir;
    static Path results;
    static Sweeps.Outcome run;

    @BeforeAll
    static void runTheSweep() {
        dir = Sweeps.workDir("e2e");
        Path data = Sweeps.parquet(dir.resolve("data.parquet"), List.of("x0", "x1", "x2", "label"),
                Sweeps.logisticRows(300, new double[] {2, -1, 0.5}, 0.3, 7));
        results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("logistic.yaml"), """
                name: e2e
                seed: 11
                data:
                  path: %s
                  validation: 0.2
                  standardize: true
                model:
                  type: logistic
                grid:
                  learning_rates: [0.01, 0.1, 1, 10, 100]
                  batch_sizes: [32, full]
                  optimizers: [sgd, adam]
                train:
                  steps: 30
                  eval_every: 5
                  log_every: 1
                """.formatted(data));
        run = lrsweep("run", sweep.toString(), "--output", results.toString());
    }

    @Test
    @DisplayName("the run succeeds and prints progress, the top ten and a recommendation")
    void theRunSucceedsAndPrintsProgressTheTopTenAndARecommendation() {
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("trials 20/20 done"), run.out());
        assertTrue(run.out().contains("Top 10 of 20 trials"), run.out());
        assertTrue(run.out().contains("Use α = ") || run.out().contains("No learning rate can be recommended"),
                run.out());
        assertTrue(run.out().contains("Per optimizer | schedule | batch size:"), run.out());
    }

    @Test
    @DisplayName("the results directory holds the three tables, the resolved sweep, the data's description, the report"
            + " and the marker, and nothing else")
    void theResultsDirectoryHoldsTheTablesTheResolvedSweepAndTheMarker() throws Exception {
        assertEquals(List.of("_LRSWEEP", "curves", "data.yaml", "landscape", "report.html", "summary", "sweep.yaml",
                "trials"),
                Sweeps.list(results));
        assertEquals(List.of("results", "data.parquet", "logistic.yaml").stream().sorted().toList(), Sweeps.list(dir));
        assertTrue(Files.readString(results.resolve("_LRSWEEP")).contains("sweep: e2e"));
        assertTrue(Files.readString(results.resolve("sweep.yaml")).contains("learning_rates"));
    }

    @Test
    @DisplayName("the tables have exactly the documented columns")
    void theTablesHaveExactlyTheDocumentedColumns() {
        assertArrayEquals(ResultColumn.names(TrialsTable.COLUMNS).toArray(), trials().columns());
        assertArrayEquals(ResultColumn.names(SummaryTable.COLUMNS).toArray(), summary().columns());
        assertArrayEquals(new String[] {"trial_id", "step", "epoch", "lr", "batch_loss", "batch_loss_ema", "grad_norm",
                "update_cosine", "train_loss", "val_loss"}, curves().columns());
        List<String> summary = List.of(summary().columns());
        assertEquals(List.of("optimizer", "schedule", "batch_size", "trials", "seeds", "recommended_lr",
                "recommended_loss", "largest_stable_lr", "first_unstable_lr"), summary.subList(0, 9));
    }

    @Test
    @DisplayName("there is a trial per grid point, a curve row per recorded point and a summary row per group")
    void thereIsATrialPerGridPointACurveRowPerRecordedPointAndASummaryRowPerGroup() {
        assertEquals(20, trials().count());
        long points = trials().selectExpr("sum(steps + 1)").first().getLong(0);
        assertEquals(points, curves().count(), "log_every 1 records every update and the initial model");
        assertEquals(0, trials().join(curves().groupBy("trial_id").count(), "trial_id")
                .filter("count <> curve_points").count());
        assertEquals(4, summary().count());
        assertEquals(20, summary().selectExpr("sum(trials)").first().getLong(0));
        assertEquals(20, trials().select("trial_id").distinct().count());
    }

    @Test
    @DisplayName("ranks run from 1 to the number of trials: trials that did not diverge first, by final_val_loss")
    void ranksRunFrom1ToTheNumberOfTrialsTrialsThatDidNotDivergeFirst() {
        List<Row> ranked = trials().orderBy("rank").select("rank", "diverged", "final_val_loss").collectAsList();
        for (int i = 0; i < ranked.size(); i++) {
            assertEquals(i + 1, ranked.get(i).getInt(0));
        }
        boolean divergedSeen = false;
        double previous = Double.NEGATIVE_INFINITY;
        for (Row r : ranked) {
            boolean diverged = r.getBoolean(1);
            assertFalse(divergedSeen && !diverged, "a trial that did not diverge ranks below one that did");
            if (!diverged) {
                assertTrue(r.getDouble(2) >= previous, "ranked by final_val_loss");
                previous = r.getDouble(2);
            }
            divergedSeen |= diverged;
        }
    }

    @Test
    @DisplayName("full batch means every training row, and epochs count steps per epoch")
    void fullBatchMeansEveryTrainingRow() {
        assertEquals(List.of(32, 240), trials().select("batch_size").distinct().orderBy("batch_size")
                .collectAsList().stream().map(r -> r.getInt(0)).toList());
        Row full = trials().filter("batch_size = 240 AND NOT diverged").first();
        assertEquals(30.0, full.<Double>getAs("epochs"));
        Row small = trials().filter("batch_size = 32 AND NOT diverged").first();
        assertEquals(30.0 / 8, small.<Double>getAs("epochs"));
    }

    @Test
    @DisplayName("step 0 is the initial model, with no rate, batch loss or cosine")
    void step0IsTheInitialModel() {
        Row first = curves().filter("step = 0").first();
        assertTrue(first.isNullAt(3) && first.isNullAt(4) && first.isNullAt(7));
        assertEquals(Math.log(2), first.<Double>getAs("train_loss"), 1e-14);
    }

    @Test
    @DisplayName("query prints a CSV header and then exactly the count")
    void queryPrintsACsvHeaderAndThenExactlyTheCount() {
        Sweeps.Outcome q = lrsweep("query", results.toString(), "SELECT count(*) FROM trials", "--format", "csv");
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("count(1)", "20"), q.out().lines().toList());
    }

    static Dataset<Row> trials() {
        return spark().read().parquet(results.resolve("trials").toString());
    }

    static Dataset<Row> curves() {
        return spark().read().parquet(results.resolve("curves").toString());
    }

    static Dataset<Row> summary() {
        return spark().read().parquet(results.resolve("summary").toString());
    }
}
