package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, driven by {@code src/test/browser/open-report.mjs} (playwright-core from npm), for
 * the tests that open a report as a user would. Without Chromium or the npm package those tests are skipped with
 * one line saying what to install, unless {@code LRSWEEP_BROWSER_TESTS=required} (as CI sets it) makes that a
 * failure.
 */
final class Browser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCRIPTS = LocalCluster.REPO.resolve("src/test/browser");
    static final Path SCREENSHOTS = LocalCluster.REPO.resolve("target/report-screenshots");

    private Browser() {
    }

    /** What is missing for the browser tests, or null when nothing is. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM)) {
            return "Debian's chromium (apt-get install chromium)";
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            return "playwright-core (npm ci --prefix src/test/browser)";
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return "Node.js (node)";
            }
        } catch (IOException e) {
            return "Node.js (node)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Node.js (node)";
        }
        return null;
    }

    /** Skips the calling test class with one line when the browser is missing, or fails when it is required. */
    static void requireOrSkip(String test) {
        String missing = missing();
        if (missing == null) {
            return;
        }
        String line = test + " needs " + missing + "; set LRSWEEP_BROWSER_TESTS=required to make its absence a failure";
        if ("required".equals(System.getenv("LRSWEEP_BROWSER_TESTS"))) {
            throw new AssertionError("LRSWEEP_BROWSER_TESTS=required, but " + line);
        }
        System.out.println("SKIPPED: " + line);
        Assumptions.abort(line);
    }

    /** Opens a report, as {@code open-report.mjs} does, and returns what it saw; screenshots go to {@link #SCREENSHOTS}. */
    static JsonNode open(Path report, String name) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        Path out = SCREENSHOTS.resolve(name + ".json");
        Path err = SCREENSHOTS.resolve(name + ".log");
        Process p = new ProcessBuilder(List.of("node", SCRIPTS.resolve("open-report.mjs").toString(),
                report.toAbsolutePath().toString(), SCREENSHOTS.toString(), name))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the browser took over 5 minutes to open " + report);
        }
        assertEquals(0, p.exitValue(), "open-report.mjs failed: " + Files.readString(err));
        return new ObjectMapper().readTree(Files.readString(out));
    }
}
