package dev.lrsweep.results;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.report.DataDescription;
import dev.lrsweep.report.PointBudget;
import dev.lrsweep.run.Sweeps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The report a run writes into its results, and {@code lrsweep report}. */
class SweepReportTest {
    static final Pattern DATA = Pattern.compile("id=\"lrsweep-data\">([A-Za-z0-9+/=]*)</script>");
    static Path dir;
    static Path results;
    static Sweeps.Outcome run;

    @BeforeAll
    static void runASweep() {
        dir = Sweeps.workDir("report");
        Path data = Sweeps.parquet(dir.resolve("data.parquet"), List.of("x0", "x1", "x2", "label"),
                Sweeps.logisticRows(400, new double[] {2, -1, 0.5}, 0.3, 3));
        results = dir.resolve("results");
        Path sweep = Sweeps.write(dir.resolve("report.yaml"), """
                name: report
                data:
                  path: %s
                  validation: 0.25
                  standardize: true
                model:
                  type: logistic
                grid:
                  learning_rates: [0.01, 0.1, 1, 100]
                  batch_sizes: [16]
                  optimizers: [sgd, adam]
                  seeds: [0, 1]
                train:
                  steps: 200
                  eval_every: 10
                  log_every: 1
                """.formatted(data));
        run = lrsweep("run", sweep.toString(), "--output", results.toString());
    }

    /** The JSON a report embeds. */
    static JsonNode embedded(Path report) throws IOException {
        Matcher m = DATA.matcher(Files.readString(report));
        assertTrue(m.find(), "the report holds its data");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))) {
            return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("run writes report.html with the results and ends by naming it")
    void runWritesTheReportAndEndsByNamingIt() {
        assertEquals(0, run.code(), run.err() + run.out());
        List<String> lines = run.out().lines().toList();
        assertEquals("Report: " + results.toUri().toString().replaceAll("/$", "").replace("file:///", "file:/")
                + "/report.html", lines.get(lines.size() - 1));
        assertTrue(Files.isRegularFile(results.resolve("report.html")));
    }

    @Test
    @DisplayName("the report's answer is the console's recommendation, word for word, with its per-group table")
    void theAnswerIsTheConsolesRecommendation() throws IOException {
        JsonNode answer = embedded(results.resolve("report.html")).path("sweeps").get(0).path("answer");
        String paragraph = answer.path("text").asText();
        assertTrue(paragraph.length() > 40, paragraph);
        assertTrue(run.out().replaceAll("\\s+", " ").contains(paragraph.replaceAll("\\s+", " ")),
                "the console prints the page's paragraph (wrapped): " + paragraph + "\n" + run.out());
        assertEquals(2, answer.path("rows").size(), "a row per group");
    }

    @Test
    @DisplayName("the report sets the stability edge the data imply against the sweep, line for line as the console does")
    void theReportSetsTheEdgeAgainstTheSweepAsTheConsoleDoes() throws IOException {
        JsonNode edge = embedded(results.resolve("report.html")).path("sweeps").get(0).path("answer").path("edge");
        assertEquals(2, edge.size(), "a heading and the one SGD group: " + edge);
        assertTrue(edge.get(1).asText().startsWith("sgd | constant | batch 16: edge "), edge.toString());
        for (JsonNode line : edge) {
            assertTrue(run.out().contains(line.asText()), line.asText() + "\n" + run.out());
        }
    }

    @Test
    @DisplayName("the report embeds every trial in rank order and each trial's curve: its evaluation points whole, its recorded points downsampled to the budget")
    void theReportEmbedsEveryTrialAndItsCurve() throws IOException {
        JsonNode sweep = embedded(results.resolve("report.html")).path("sweeps").get(0);
        List<Row> trials = spark().read().parquet(results.resolve("trials").toString()).orderBy("rank")
                .select("trial_id", "curve_points", "evaluations").collectAsList();
        assertEquals(16, trials.size());
        Map<String, Long> evaluated = new HashMap<>();
        spark().read().parquet(results.resolve("curves").toString()).filter("train_loss IS NOT NULL")
                .groupBy("trial_id").count().collectAsList().forEach(r -> evaluated.put(r.getString(0), r.getLong(1)));
        for (int i = 0; i < trials.size(); i++) {
            Row t = trials.get(i);
            assertEquals(t.getString(0), sweep.path("trials").path("id").get(i).asText(), "rank order");
            JsonNode curve = sweep.path("curves").get(i);
            assertEquals(t.getInt(1), curve.get(2).asInt(), "recorded points of " + t.getString(0));
            assertEquals(evaluated.get(t.getString(0)).intValue(), curve.get(1).asInt());
            assertEquals(curve.get(1).asInt(), curve.get(3).size(), "every evaluation point is embedded");
            assertEquals(Math.min(PointBudget.MOST, t.getInt(1)), curve.get(6).size(), "recorded points kept");
            assertEquals(curve.get(3).size(), curve.get(5).size(), "a validation loss per evaluation point");
        }
        long rows = DataDescription.fromYaml(Files.readString(results.resolve(DataDescription.FILE))).trainRows();
        assertEquals((rows + 15) / 16, sweep.path("curves").get(0).get(0).asInt(), "steps per epoch at batch 16");
    }

    @Test
    @DisplayName("data.yaml describes the data as the run read it, and the report shows it")
    void dataYamlDescribesTheData() throws IOException {
        DataDescription d = DataDescription.fromYaml(Files.readString(results.resolve(DataDescription.FILE)));
        assertEquals(300 + 100, d.trainRows() + d.validationRows());
        assertEquals(List.of("x0", "x1", "x2"), d.features());
        assertTrue(d.standardized());
        assertEquals("a seeded 0.25 of the rows", d.validation());
        JsonNode shown = embedded(results.resolve("report.html")).path("sweeps").get(0).path("data");
        assertEquals(d.trainRows(), shown.path("trainRows").asLong());
    }

    @Test
    @DisplayName("lrsweep report writes a local file, and will not replace it without --overwrite")
    void reportWritesALocalFile() throws IOException {
        Path page = dir.resolve("again.html");
        Sweeps.Outcome first = lrsweep("report", results.toString(), "--output", page.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("wrote the report of sweep report (16 trials) to " + page), first.out());
        assertEquals(embedded(results.resolve("report.html")).path("sweeps").get(0).path("trials"),
                embedded(page).path("sweeps").get(0).path("trials"), "the same page as the run's");
        Sweeps.Outcome again = lrsweep("report", results.toString(), "--output", page.toString());
        assertEquals(2, again.code());
        assertEquals(List.of("lrsweep: --output " + page + " exists; add --overwrite to replace it"), again.errLines());
        assertEquals(0, lrsweep("report", results.toString(), "--output", page.toString(), "--overwrite").code());
    }

    @Test
    @DisplayName("lrsweep report lays several results into one page")
    void reportLaysSeveralResultsIntoOnePage() throws IOException {
        Path page = dir.resolve("both.html");
        Sweeps.Outcome both = lrsweep("report", results.toString(), results.toString(), "--output", page.toString());
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().startsWith("wrote the report of 2 sweeps (32 trials)"), both.out());
        assertEquals(2, embedded(page).path("sweeps").size());
    }

    @Test
    @DisplayName("lrsweep report refuses, in one line, a directory that is not lrsweep's results")
    void reportRefusesADirectoryThatIsNotResults() {
        Sweeps.Outcome refused = lrsweep("report", dir.toString(), "--output", dir.resolve("x.html").toString());
        assertEquals(2, refused.code());
        assertEquals(List.of("lrsweep: " + dir + " is not an lrsweep results directory (no _LRSWEEP marker)"),
                refused.errLines());
        assertTrue(!Files.exists(dir.resolve("x.html")));
    }
}
