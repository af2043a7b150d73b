package dev.lrsweep.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * {@code report.html}: one self-contained file that opens from disk with no server and no network. It holds the
 * page's layout and script, Apache ECharts (the minified bundle from its webjar, as released), and the sweeps'
 * data ({@link PageData}) gzip-compressed and base64-encoded, which the page inflates with the browser's own
 * {@code DecompressionStream}. The page's own script only assembles ECharts options from the data and switches
 * between views; ECharts draws.
 */
public final class ReportPage {
    /** The report's file name in a results directory. */
    public static final String FILE = "report.html";
    /** The id of the element that holds the data. */
    public static final String DATA_ID = "lrsweep-data";

    private static final String ECHARTS = "META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";
    private static final String ECHARTS_VERSION = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");
    /** The page's scripts, in order; they share one function scope. */
    private static final List<String> SCRIPTS = List.of("base.js", "charts.js", "trials.js");

    private ReportPage() {
    }

    /** The page for these sweeps (the first is shown first; all of them in the loss-against-rate view). */
    public static String html(List<SweepReport> sweeps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(sweeps, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes the page for these sweeps; leaves {@code out} open. */
    public static void write(List<SweepReport> sweeps, OutputStream out) {
        if (sweeps.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one sweep");
        }
        String title = "lrsweep report: " + sweeps.stream().map(SweepReport::name).collect(Collectors.joining(" vs "));
        String template = resource("page.html");
        Matcher slot = SLOT.matcher(template);
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            int from = 0;
            while (slot.find()) {
                w.write(template, from, slot.start() - from);
                switch (slot.group(1)) {
                    case "title" -> w.write(escape(title));
                    case "style" -> w.write(resource("page.css"));
                    case "libraryVersion" -> w.write(echartsVersion());
                    case "library" -> w.write(scriptText(echarts()));
                    case "data" -> w.write(encoded(PageData.json(sweeps)));
                    case "script" -> {
                        for (String script : SCRIPTS) {
                            w.write(scriptText(resource(script)));
                        }
                    }
                    default -> throw new IllegalStateException("page.html has an unknown slot " + slot.group());
                }
                from = slot.end();
            }
            w.write(template, from, template.length() - from);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data as the page holds it: the JSON, gzip-compressed, in base64. */
    static String encoded(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** The version of Apache ECharts the page embeds. */
    public static String echartsVersion() {
        Properties p = new Properties();
        try (InputStream in = open(ECHARTS_VERSION)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    /** Apache ECharts' minified bundle. */
    static String echarts() {
        try (InputStream in = open(ECHARTS.formatted(echartsVersion()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = open("dev/lrsweep/report/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the report's resource " + resource + " is missing from the classpath");
        }
        return in;
    }

    /** Script text that cannot end its script element early. */
    private static String scriptText(String script) {
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("a script embedded in the report contains </script");
        }
        return script;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
