package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A grid of 10,000 trials through the launcher ({@code submit/lrsweep --driver-memory 1g run}), local mode, at
 * Spark's default driver memory of 1 GiB. The driver holds the trial specs and the plan; the curves go from the
 * executors straight to Parquet and are never collected (the event log's task result sizes show it), and the
 * console shows only the top of the ranking. The driver's GC log gives its peak heap.
 */
class TenThousandTrialsIT {
    static final int RATES = 250;
    static final int TRIALS = RATES * 5 * 4 * 2;
    static final int STEPS = 20;
    static Path work;
    static Run run;
    static double seconds;

    record Run(int code, String out, String err) {
    }

    static Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("submit/lrsweep"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File(".").getAbsoluteFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("TMPDIR", work.toString());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("lrsweep " + String.join(" ", args) + " took over 10 minutes");
        }
        return new Run(p.exitValue(), Files.readString(work.resolve("out.txt")), Files.readString(work.resolve("err.txt")));
    }

    @BeforeAll
    static void runTenThousandTrials() throws IOException, InterruptedException {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-work").toAbsolutePath()), "10k-");
        Run generated = launch("generate", "--kind", "logistic", "--rows", "2000", "--features", "5", "--condition", "10",
                "--output", work.resolve("data").toString());
        assertEquals(0, generated.code(), generated.err() + generated.out());

        String rates = Stream.iterate(1e-4, r -> r * Math.pow(10, 5.0 / RATES)).limit(RATES)
                .map(r -> String.format(Locale.ROOT, "%.6g", r)).collect(Collectors.joining(", "));
        Path sweep = Files.writeString(work.resolve("ten-thousand.yaml"), """
                name: ten-thousand
                data:
                  path: %s
                  validation: 0.2
                model:
                  type: logistic
                grid:
                  learning_rates: [%s]
                  schedules: [constant, cosine, {type: step, step_size: 5}, {type: exponential, gamma: 0.9}, {type: warmup_cosine, warmup_steps: 2}]
                  batch_sizes: [32]
                  optimizers: [sgd, momentum, adam, rmsprop]
                  seeds: [0, 1]
                train:
                  steps: %d
                  eval_every: 10
                  log_every: 1
                output: %s
                """.formatted(work.resolve("data"), rates, STEPS, work.resolve("results")));
        long start = System.nanoTime();
        run = launch("--driver-memory", "1g",
                "--conf", "spark.driver.extraJavaOptions=-Xlog:gc:file=" + work.resolve("gc.log")
                        + " -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=" + work + " -Djava.io.tmpdir=" + work,
                "--conf", "spark.local.dir=" + work.resolve("spark-local"),
                "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + work.toUri(),
                "--conf", "spark.eventLog.compress=false",
                "run", sweep.toString());
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "10,000 trials: exit %d in %.1f s, driver heap peak %s%n", run.code(), seconds,
                heapPeak());
    }

    @Test
    @DisplayName("10,000 trials run at 1 GiB of driver memory and exit with 0")
    void tenThousandTrialsRunAtOneGibibyte() {
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("trials " + TRIALS + "/" + TRIALS + " done"), run.out());
    }

    @Test
    @DisplayName("the trials table has 10,000 rows and the curves table every recorded step of each")
    void theTablesHoldEveryTrial() throws IOException {
        assertEquals(TRIALS, rows(work.resolve("results/trials")));
        long curves = rows(work.resolve("results/curves"));
        assertTrue(curves > (long) TRIALS * 5, "curve rows: " + curves);
    }

    @Test
    @DisplayName("the console shows the top ten and one line per group, not the trials")
    void theConsoleShowsOnlyTheTopOfTheRanking() {
        // Progress lines come every few seconds and a line per wave, so their number depends on the machine's speed.
        List<String> lines = run.out().lines().filter(l -> !l.matches("(trials|wave) \\d+/\\d+ .*")).toList();
        assertTrue(run.out().contains("Top 10 of " + TRIALS + " trials"), run.out());
        assertTrue(lines.size() < 100, lines.size() + " lines on stdout besides progress");
        assertTrue(run.err().lines().filter(l -> l.startsWith("lrsweep")).toList().isEmpty(), run.err());
    }

    @Test
    @DisplayName("the curves are never collected to the driver: the run's task results are far smaller than the curves,"
            + " and the report's (each trial's row and downsampled curve) a few kilobytes per trial")
    void theCurvesAreNeverCollected() throws IOException {
        List<Path> logs; // Spark 4 rolls event logs: eventlog_v2_<app>/events_<n>_<app>
        try (Stream<Path> s = Files.walk(work)) {
            logs = s.filter(p -> p.getFileName().toString().startsWith("events_")).toList();
        }
        assertTrue(!logs.isEmpty(), "no event log under " + work);
        ObjectMapper json = new ObjectMapper();
        Set<Long> reportStages = new HashSet<>();
        List<JsonNode> taskEnds = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                JsonNode event = json.readTree(line);
                String kind = event.path("Event").asText();
                if (kind.equals("SparkListenerJobStart")
                        && event.path("Properties").path("spark.job.description").asText().endsWith(": report")) {
                    event.path("Stage IDs").forEach(id -> reportStages.add(id.asLong()));
                } else if (kind.equals("SparkListenerTaskEnd")) {
                    taskEnds.add(event);
                }
            }
        }
        long results = 0;
        long report = 0;
        for (JsonNode end : taskEnds) {
            long size = end.path("Task Metrics").path("Result Size").asLong();
            if (reportStages.contains(end.path("Stage ID").asLong())) {
                report += size;
            } else {
                results += size;
            }
        }
        long curveValues = rows(work.resolve("results/curves")) * 9 * Double.BYTES;
        System.out.printf(Locale.ROOT, "task results %d bytes for the run and %d for its report; the curves hold %d"
                + " bytes of values%n", results, report, curveValues);
        assertTrue(!reportStages.isEmpty(), "the report's jobs are in the event log");
        assertTrue(results * 10 < curveValues, results + " bytes of task results vs " + curveValues + " of curves");
        assertTrue(report < TRIALS * 4096L, report + " bytes of the report's task results for " + TRIALS + " trials");
    }

    @Test
    @DisplayName("the run's report of 10,000 trials stays under 5 MB and opens in Chromium, where installed, without errors")
    void theReportStaysUnderFiveMegabytes() throws IOException, InterruptedException {
        Path report = work.resolve("results/report.html");
        long size = Files.size(report);
        System.out.printf(Locale.ROOT, "10,000 trials: report.html %.2f MB%n", size / 1e6);
        assertTrue(size < 5_000_000, size + " bytes");
        String missing = Browser.missing();
        if (missing != null) {
            System.out.println("10,000 trials: the report was not opened: this needs " + missing);
            return;
        }
        JsonNode page = Browser.open(report, "ten-thousand");
        System.out.printf(Locale.ROOT, "10,000 trials: report's first screen ready %.0f ms after navigation (main"
                        + " thread CPU %d ms), every chart drawn at %.0f ms (CPU %d ms)%n",
                page.path("readyMillis").asDouble(), page.path("readyCpuMillis").asLong(),
                page.path("completeMillis").asDouble(), page.path("completeCpuMillis").asLong());
        assertEquals(0, page.path("consoleErrors").size() + page.path("pageErrors").size(), page.toString());
        assertEquals(TRIALS + " of " + TRIALS + " trials", page.path("trialCount").asText());
    }

    /** Rows of a Parquet table, from its footers. */
    static long rows(Path table) throws IOException {
        long n = 0;
        Configuration conf = new Configuration();
        try (Stream<Path> s = Files.list(table)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                try (ParquetFileReader r = ParquetFileReader.open(
                        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), conf))) {
                    n += r.getRecordCount();
                }
            }
        }
        return n;
    }

    /** The largest heap before and after a collection, from the GC log (e.g. "GC(3) Pause Young … 300M->40M(1024M)"). */
    static String heapPeak() throws IOException {
        Path gc = work.resolve("gc.log");
        if (!Files.exists(gc)) {
            return "(no GC log)";
        }
        long before = 0;
        long after = 0;
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(gc));
        while (m.find()) {
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
        }
        return before + " MiB before a collection, " + after + " MiB live after one";
    }
}
