package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.run.Sweeps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The quickstart's report opened in Debian's headless Chromium, as a user opens it: from disk, with no network.
 * The charts and their series are counted through ECharts' own API in the page.
 */
class ReportBrowserIT {
    static final Path WORK = LocalCluster.REPO.resolve("target/it/report");
    static Sweeps.Outcome run;
    static Path results;
    static JsonNode page;

    @BeforeAll
    static void runTheQuickstartAndOpenItsReport() throws IOException, InterruptedException {
        Browser.requireOrSkip("ReportBrowserIT");
        LocalClusterIT.deleteTree(WORK);
        Files.createDirectories(WORK);
        Path data = WORK.resolve("data");
        Sweeps.Outcome generated = Sweeps.lrsweep("generate", "--kind", "logistic", "--rows", "20000", "--features", "20",
                "--condition", "100", "--output", data.toString());
        assertEquals(0, generated.code(), generated.err());
        String quickstart = Files.readString(LocalCluster.REPO.resolve("conf/quickstart.yaml"));
        assertTrue(quickstart.contains("path: data/quickstart"));
        Path sweep = Sweeps.write(WORK.resolve("quickstart.yaml"), quickstart.replace("path: data/quickstart",
                "path: " + data));
        results = WORK.resolve("results");
        run = Sweeps.lrsweep("run", sweep.toString(), "--output", results.toString());
        assertEquals(0, run.code(), run.err() + run.out());
        page = Browser.open(results.resolve("report.html"), "quickstart");
        System.out.printf(Locale.ROOT, "quickstart report: %.2f MB; first screen ready %.0f ms after navigation"
                        + " (main thread CPU %d ms), every chart drawn at %.0f ms (CPU %d ms)%n",
                Files.size(results.resolve("report.html")) / 1e6, page.path("readyMillis").asDouble(),
                page.path("readyCpuMillis").asLong(), page.path("completeMillis").asDouble(),
                page.path("completeCpuMillis").asLong());
    }

    static Dataset<Row> table(String name) {
        return Sweeps.spark().read().parquet(results.resolve(name).toString());
    }

    @Test
    @DisplayName("the page opens without console errors and asks for nothing outside its own file")
    void thePageOpensWithoutErrorsOrRequests() {
        assertEquals("", page.path("failure").asText(""), "the page's own failure message");
        assertEquals(0, page.path("consoleErrors").size(), page.path("consoleErrors").toString());
        assertEquals(0, page.path("pageErrors").size(), page.path("pageErrors").toString());
        assertEquals(0, page.path("outside").size(), "requests outside the file: " + page.path("outside"));
    }

    @Test
    @DisplayName("the page opens with the console's recommendation, word for word, and a row per group")
    void thePageOpensWithTheAnswer() {
        String paragraph = page.path("answerText").asText();
        assertTrue(paragraph.length() > 40, paragraph);
        assertTrue(run.out().replaceAll("\\s+", " ").contains(paragraph.replaceAll("\\s+", " ")),
                "the console prints the page's paragraph (wrapped): " + paragraph + "\n" + run.out());
        assertEquals(table("summary").count(), page.path("answerRows").asLong());
        assertEquals("lrsweep report: quickstart", page.path("title").asText());
    }

    @Test
    @DisplayName("ECharts holds a chart of the curves and one of loss against rate per group, a heat map per optimizer"
            + " and schedule, and the four charts of the chosen trial, with the expected series")
    void theChartsAndTheirSeriesAreThoseExpected() {
        Map<String, Long> perGroup = new TreeMap<>();
        table("trials").groupBy("group_key").count().collectAsList().forEach(r -> perGroup.put(r.getString(0), r.getLong(1)));
        long pairs = table("summary").select("optimizer", "schedule").distinct().count();
        List<Integer> curves = new ArrayList<>();
        List<Integer> rates = new ArrayList<>();
        List<Integer> heat = new ArrayList<>();
        List<Integer> detail = new ArrayList<>();
        for (JsonNode chart : page.path("charts")) {
            int series = chart.path("series").size();
            switch (chart.path("kind").asText()) {
                case "curves" -> {
                    curves.add(series);
                    assertEquals(2 * perGroup.get(chart.path("key").asText()) + 1, series, "a training and a"
                            + " validation line per trial and the divergence marks, in " + chart.path("key").asText());
                }
                case "rates" -> rates.add(series);
                case "heat" -> heat.add(series);
                case "detail" -> detail.add(series);
                default -> throw new AssertionError("a chart of no known kind: " + chart);
            }
        }
        assertEquals(18, curves.size());
        assertEquals(perGroup.size(), curves.size());
        assertEquals(List.of(3), rates.stream().distinct().toList(), "final, best and the seeds' spread");
        assertEquals(18, rates.size());
        assertEquals(List.of(2), heat.stream().distinct().toList(), "the losses and the verdict glyphs");
        assertEquals(pairs, heat.size());
        assertEquals(List.of(4, 1, 1, 1), detail, "loss (train, validation, mini-batch, average), rate, norm, cosine");
    }

    @Test
    @DisplayName("the switches redraw the curves in steps and as mini-batch loss with its average")
    void theSwitchesRedrawTheCurves() {
        for (JsonNode chart : page.path("afterSwitches")) {
            if (chart.path("kind").asText().equals("curves")) {
                assertEquals("step", chart.path("xAxis").asText());
                List<String> names = new ArrayList<>();
                chart.path("series").forEach(s -> names.add(s.path("name").asText()));
                assertTrue(names.stream().allMatch(n -> n.startsWith("α ") || n.equals("diverged")), names.toString());
            }
        }
    }

    @Test
    @DisplayName("a click on a row shows that trial, and the filter finds the diverged trials")
    void aClickShowsTheTrialAndTheFilterFindsTheDivergedOnes() {
        String clicked = page.path("click").path("trial").asText();
        assertTrue(page.path("click").path("title").asText().startsWith("Trial " + clicked + " · α "),
                page.path("click").toString());
        Row reason = table("trials").filter("trial_id = '" + clicked + "'").select("reason").first();
        assertEquals(reason.getString(0), page.path("click").path("reason").asText());
        long diverged = table("trials").filter("status = 'diverged'").count();
        assertEquals(diverged + " of 180 trials", page.path("filteredCount").asText());
        assertEquals(50, page.path("tableRows").asInt(), "a page of 50 rows");
    }

    @Test
    @DisplayName("screenshots of the page are saved under target/")
    void screenshotsAreSaved() {
        for (String shot : List.of("quickstart.png", "quickstart-full.png", "quickstart-trial.png")) {
            assertTrue(Files.isRegularFile(Browser.SCREENSHOTS.resolve(shot)), shot);
        }
    }
}
