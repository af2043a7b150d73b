package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code learning_rates: auto} end to end: the range test, the ladder it lays, the sweep over that ladder, the
 * tables; and {@code lrsweep find} on the same sweep file, which must find the same.
 */
class AutomaticLadderTest {
    static Path dir;
    static Path results;
    static Path found;
    static Path sweep;
    static Sweeps.Outcome run;
    static Sweeps.Outcome find;

    @BeforeAll
    static void runTheSweepAndFind() {
        dir = Sweeps.workDir("auto");
        Path data = Sweeps.parquet(dir.resolve("data.parquet"), List.of("x0", "x1", "x2", "label"),
                Sweeps.logisticRows(500, new double[] {2, -1, 0.5}, 0.3, 11));
        results = dir.resolve("results");
        found = dir.resolve("found");
        sweep = Sweeps.write(dir.resolve("auto.yaml"), """
                name: auto
                data: {path: %s, validation: 0.2, standardize: true}
                model: {type: logistic}
                train: {epochs: 30}
                grid:
                  learning_rates: {type: auto, per_decade: 2, span: 2}
                  batch_sizes: [16, 64, full]
                  optimizers: [sgd, adam]
                  seeds: [0, 1]
                range_test: {steps: 120}
                output: %s
                """.formatted(data, results));
        run = lrsweep("run", sweep.toString());
        find = lrsweep("find", sweep.toString(), "--output", found.toString());
    }

    static Dataset<Row> table(Path root, String name) {
        return spark().read().parquet(root.resolve(name).toString());
    }

    @Test
    @DisplayName("the run says what the range test found, how the cold starts checked it, the ladder it laid and why, and what it all cost")
    void theRunSaysWhatTheRangeTestFoundAndTheLadderItLaid() {
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("landscape: λmax "), run.out());
        assertTrue(run.out().contains("range test: 14 runs (optimizer × batch size × seed)"), run.out());
        assertTrue(run.out().contains("learning_rates: auto laid "), run.out());
        assertTrue(run.out().contains("decades below the lowest suggestion"), run.out());
        assertTrue(run.out().contains(" cold-start checks (trials from the initial weights at the suggested rate"),
                run.out());
        Matcher m = Pattern.compile("in all \\S+ sample-gradients, (\\S+) % of the sweep's").matcher(run.out());
        assertTrue(m.find(), run.out());
        assertTrue(Double.parseDouble(m.group(1)) <= 10, "the range test cost " + m.group(1) + " % of the sweep");
    }

    @Test
    @DisplayName("the results hold the range test's and the landscape's tables beside the sweep's")
    void theResultsHoldTheRangeTestsAndTheLandscapesTables() {
        assertEquals(List.of("_LRSWEEP", "batch_scaling", "curves", "data.yaml", "landscape", "range_test",
                "range_test_curves", "report.html", "summary", "sweep.yaml", "trials"), Sweeps.list(results));
        assertEquals(1, table(results, "landscape").count());
    }

    @Test
    @DisplayName("sweep.yaml holds the ladder the trials ran, which reaches below every suggestion and past every edge")
    void sweepYamlHoldsTheLadderTheTrialsRan() throws Exception {
        SweepConfig ran = SweepFile.parse(Files.readString(results.resolve("sweep.yaml")), "auto");
        List<Double> ladder = ran.grid().learningRates();
        assertEquals(ladder, table(results, "trials").select("learning_rate").distinct().orderBy("learning_rate")
                .collectAsList().stream().map(r -> r.getDouble(0)).toList());
        for (Row g : table(results, "range_test").filter("seed IS NULL AND suggested_lr IS NOT NULL").collectAsList()) {
            assertTrue(ladder.get(0) <= g.<Double>getAs("suggested_lr") / 100, "two decades below " + g);
            assertTrue(ladder.get(ladder.size() - 1) >= g.<Double>getAs("edge_lr"), "past the edge of " + g);
        }
    }

    @Test
    @DisplayName("range_test's optimizer and batch_size read as in trials and summary: a group row each, and they join")
    void rangeTestsOptimizerAndBatchSizeJoinTrialsAndSummary() {
        Set<List<Object>> groups = table(results, "range_test").filter("seed IS NULL")
                .select("optimizer", "batch_size").collectAsList().stream()
                .map(r -> List.<Object>of(r.getString(0), r.getInt(1))).collect(Collectors.toSet());
        Set<List<Object>> summary = table(results, "summary").select("optimizer", "batch_size").collectAsList()
                .stream().map(r -> List.<Object>of(r.getString(0), r.getInt(1))).collect(Collectors.toSet());
        assertEquals(6, groups.size());
        assertEquals(summary, groups);
        assertEquals(6, table(results, "range_test").filter("seed IS NULL")
                .join(table(results, "summary"), new String[] {"optimizer", "batch_size"}).count());
        assertEquals(Set.of(16, 64, 400), table(results, "range_test").select("batch_size").distinct().collectAsList()
                .stream().map(r -> r.getInt(0)).collect(Collectors.toSet()), "full batch reads as the training rows");
    }

    @Test
    @DisplayName("each group's suggestion is the ramp's, or a whole number of decades below it after unstable cold starts")
    void eachGroupsSuggestionIsTheRampsOrDecadesBelowIt() {
        List<Row> rows = table(results, "range_test").filter("seed IS NULL").collectAsList();
        int checked = 0;
        for (Row r : rows) {
            double ramp = r.getAs("ramp_suggested_lr");
            Double suggested = r.getAs("suggested_lr");
            Integer checks = r.getAs("cold_start_checks");
            if (suggested == null) {
                continue;
            }
            double decades = Math.log10(ramp / suggested);
            assertEquals(Math.round(decades), decades, 1e-9, r.toString());
            assertTrue(decades >= 0 && decades <= checks, r.toString());
            if (checks > 0 && r.getAs("cold_start_status") != null) {
                checked++;
            }
        }
        assertTrue(checked > 0, "some suggestion was checked: " + rows);
        assertTrue(table(results, "range_test").filter("seed IS NOT NULL AND cold_start_checks IS NOT NULL").isEmpty(),
                "the seeds' rows keep their ramp's suggestion");
    }

    @Test
    @DisplayName("range_test_curves hold every seed's updates and each group's pooled curve, rate rising with the step")
    void rangeTestCurvesHoldEverySeedsUpdatesAndEachGroupsPooledCurve() {
        Dataset<Row> curves = table(results, "range_test_curves");
        assertEquals(6, curves.filter("seed IS NULL").select("optimizer", "batch_size").distinct().count());
        assertEquals(0, curves.filter("seed IS NOT NULL AND ema_loss IS NULL").count());
        assertEquals(2 * (3 + 3) + 2, curves.filter("seed IS NOT NULL").select("optimizer", "batch_size", "seed")
                .distinct().count(), "three seeds at batch 16 and 64, one at full batch from zero weights");
        long steps = table(results, "range_test").filter("seed IS NOT NULL").selectExpr("sum(steps)").first().getLong(0);
        assertEquals(steps, curves.filter("seed IS NOT NULL").count());
        curves.createOrReplaceTempView("rtc");
        assertEquals(0, spark().sql("SELECT * FROM (SELECT lr, lag(lr) OVER (PARTITION BY optimizer, batch_size, seed"
                + " ORDER BY step) AS before FROM rtc) WHERE lr <= before").count());
    }

    @Test
    @DisplayName("find on the same sweep file finds the same, and writes the ladder the run laid")
    void findOnTheSameSweepFileFindsTheSame() throws Exception {
        assertEquals(0, find.code(), find.err() + find.out());
        assertEquals(List.of("_LRSWEEP", "landscape", "range_test", "range_test_curves", "sweep.yaml"),
                Sweeps.list(found));
        assertEquals(SweepFile.parse(Files.readString(results.resolve("sweep.yaml")), "auto").grid().learningRates(),
                SweepFile.parse(Files.readString(found.resolve("sweep.yaml")), "auto").grid().learningRates());
        assertEquals(table(results, "range_test").orderBy("batch_size", "optimizer", "seed").collectAsList(),
                table(found, "range_test").orderBy("batch_size", "optimizer", "seed").collectAsList());
        Sweeps.Outcome q = lrsweep("query", found.toString(), "SELECT count(*) FROM range_test WHERE seed IS NULL",
                "--format", "csv");
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("count(1)", "6"), q.out().lines().toList());
    }

    @Test
    @DisplayName("resuming the complete run reads its ladder back and does nothing")
    void resumingTheCompleteRunReadsItsLadderBack() {
        Sweeps.Outcome resumed = lrsweep("run", sweep.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("is already complete: nothing to resume"), resumed.out());
    }
}
