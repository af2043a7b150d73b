package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReportPageTest {
    static final Pattern DATA = Pattern.compile("<script type=\"application/octet-stream\" id=\""
            + ReportPage.DATA_ID + "\">([A-Za-z0-9+/=]*)</script>");

    /** The JSON a page embeds, decoded as the browser does: base64, then gzip. */
    static JsonNode embedded(String html) throws IOException {
        Matcher m = DATA.matcher(html);
        assertTrue(m.find(), "the page holds its data");
        byte[] gzip = Base64.getDecoder().decode(m.group(1));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The page without the ECharts bundle: what lrsweep itself writes. */
    static String ownPart(String html) {
        return html.replace(ReportPage.echarts(), "");
    }

    @Test
    @DisplayName("the page shows the answer, the curves, loss against rate, α × batch size, every trial and the data, in that order")
    void thePageShowsItsSectionsInOrder() {
        String html = ReportPage.html(List.of(Fixtures.sweep("demo", 101)));
        int last = -1;
        for (String section : List.of("answer", "curves", "rates", "batch", "trials", "data")) {
            int at = html.indexOf("<section id=\"" + section + "\">");
            assertTrue(at > last, section + " comes after the section before it");
            last = at;
        }
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>lrsweep report: demo</title>"));
    }

    @Test
    @DisplayName("the page embeds Apache ECharts and its data, and refers to no other file or address")
    void thePageIsSelfContained() {
        String html = ReportPage.html(List.of(Fixtures.sweep("demo", 101)));
        assertTrue(html.contains(ReportPage.echarts()), "the ECharts bundle is embedded whole");
        assertTrue(ReportPage.echarts().length() > 500_000, "the bundle is ECharts' own");
        assertTrue(html.contains("Apache ECharts " + ReportPage.echartsVersion()));
        String own = ownPart(html);
        for (String reference : List.of("src=", "href=\"http", "href='http", "url(", "@import", "http://", "https://",
                "fetch(", "XMLHttpRequest")) {
            assertFalse(own.contains(reference), "the page's own part contains " + reference);
        }
        assertEquals(3, own.split("<script", -1).length - 1, "the library, the data and the page's script");
    }

    @Test
    @DisplayName("the embedded data holds the answer as given, every trial in rank order and each trial's curve")
    void theEmbeddedDataHoldsTheAnswerTheTrialsAndTheirCurves() throws IOException {
        SweepReport sweep = Fixtures.sweep("demo", 101)
                .withAnswer(new Answer("use α = 0.1 with sgd", List.of("group", "recommended"),
                        List.of(List.of("sgd | constant | batch 32", "0.1")), List.of("Stability edge from the data",
                        "sgd | constant | batch 800 (full): edge 2.1; observed largest stable 1, first unstable 3")));
        JsonNode data = embedded(ReportPage.html(List.of(sweep)));
        JsonNode s = data.path("sweeps").get(0);
        assertEquals("use α = 0.1 with sgd", s.path("answer").path("text").asText());
        assertEquals("sgd | constant | batch 800 (full): edge 2.1; observed largest stable 1, first unstable 3",
                s.path("answer").path("edge").get(1).asText(), "the edge against the sweep, as the console has it");
        assertEquals("0.1", s.path("answer").path("rows").get(0).get(1).asText());
        assertEquals(16, s.path("trials").path("id").size());
        assertEquals(16, s.path("curves").size());
        assertEquals(1, s.path("trials").path("rank").get(0).asInt());
        assertEquals("t0-0-0", s.path("trials").path("id").get(0).asText());
        assertEquals("diverged", data.path("statuses").get(0).asText(), "statuses come worst first");
        assertEquals(2, s.path("groups").size());
        assertEquals(800, s.path("data").path("trainRows").asInt());
        assertEquals("name: demo\n", s.path("sweepYaml").asText());
    }

    @Test
    @DisplayName("each curve embeds its evaluation points whole and its recorded points downsampled to the budget")
    void eachCurveEmbedsItsPointsWithinTheBudget() throws IOException {
        SweepReport sweep = Fixtures.sweep("demo", 1001);
        JsonNode s = embedded(ReportPage.html(List.of(sweep))).path("sweeps").get(0);
        assertEquals(PointBudget.MOST, s.path("points").asInt());
        JsonNode first = s.path("curves").get(0);
        assertEquals(125, first.get(0).asInt(), "steps per epoch");
        assertEquals(101, first.get(1).asInt(), "evaluation points of the trial");
        assertEquals(1001, first.get(2).asInt(), "recorded points of the trial");
        assertEquals(PointBudget.MOST, first.get(3).size(), "101 evaluation points are more than the budget");
        for (int series = 6; series <= 11; series++) {
            assertEquals(PointBudget.MOST, first.get(series).size(), "recorded series " + series);
        }
    }

    @Test
    @DisplayName("values keep four significant digits, and absent ones are null")
    void valuesKeepFourSignificantDigits() {
        assertEquals("0.6931", PageData.rounded(0.69314718, 4));
        assertEquals("1.235E-7", PageData.rounded(1.23456e-7, 4));
        assertEquals("12350", PageData.rounded(12345.6, 4));
        assertEquals("0", PageData.rounded(0, 4));
        assertEquals(null, PageData.rounded(Double.NaN, 4));
        assertEquals(null, PageData.rounded(Double.POSITIVE_INFINITY, 4));
    }

    @Test
    @DisplayName("several sweeps go into one page, and a sweep name cannot break the page's markup")
    void severalSweepsGoIntoOnePage() throws IOException {
        String html = ReportPage.html(List.of(Fixtures.sweep("raw", 101), Fixtures.sweep("<b>scaled</b>", 101)));
        assertTrue(html.contains("<title>lrsweep report: raw vs &lt;b&gt;scaled&lt;/b&gt;</title>"));
        JsonNode data = embedded(html);
        assertEquals(2, data.path("sweeps").size());
        assertEquals("<b>scaled</b>", data.path("sweeps").get(1).path("name").asText());
    }
}
