package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.TestSpark;
import dev.lrsweep.run.Sweeps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * lrsweep on a real standalone cluster (a Master and two one-core Workers from {@code submit/local-cluster}),
 * through the launcher as a user runs it: the results equal a local run's bit for bit, on both executors, and
 * survive the loss of an executor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
    static final Path WORK = LocalCluster.REPO.resolve("target/it/local-cluster");
    static final Pattern PROGRESS = Pattern.compile("^trials (\\d+)/(\\d+) done");
    /** Columns that legitimately differ between two runs of the same sweep. */
    static final Set<String> TIMINGS = Set.of("train_seconds");
    /** How long after the first progress line an executor is killed. */
    static final long KILL_DELAY_MILLIS = 1000;

    static LocalCluster cluster;
    static long started;

    @BeforeAll
    static void startTheClusterAndMakeTheQuickstartData() throws IOException {
        started = System.nanoTime();
        deleteTree(WORK);
        Files.createDirectories(WORK);
        cluster = LocalCluster.start(2, WORK.resolve("logs"));
        LocalCluster.Result generated = LocalCluster.run(WORK, Map.of(), WORK.resolve("logs/generate"), null, 10,
                "submit/lrsweep", "generate", "--kind", "logistic", "--rows", "20000", "--features", "20",
                "--condition", "100", "--output", "data/quickstart", "--overwrite");
        assertEquals(0, generated.code(), generated.tail());
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
        System.out.printf("LocalClusterIT: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    @Order(1)
    @DisplayName("the quickstart on a two-worker cluster trains trials on both executors and writes trials, curves and "
            + "summary equal to a local run's bit for bit")
    void theQuickstartOnTheClusterEqualsALocalRun() {
        Path events = WORK.resolve("events-quickstart");
        Path output = WORK.resolve("results/quickstart-cluster");
        LocalCluster.Result r = LocalCluster.run(WORK, Map.of(), WORK.resolve("logs/quickstart-cluster"), null, 15,
                cat(List.of("submit/lrsweep", "run", LocalCluster.REPO.resolve("conf/quickstart.yaml").toString(),
                        "--output", output.toString(), "--master", cluster.masterUrl()), eventLogConf(events)));
        assertEquals(0, r.code(), r.tail());
        assertTrue(r.out().contains("trials 180/180 done"), r.tail());

        assertEquals(Set.of("0", "1"), executorsThatRanTrials(eventLog(events)),
                "the executors whose tasks finished trials (lrsweep's 'trials done' accumulator), from " + events);

        Path local = runLocally(quickstartSweep("quickstart", 2), "quickstart-local");
        assertSameTables(local, output);
    }

    @Test
    @Order(2)
    @DisplayName("a sweep whose executor is killed with SIGKILL while trials run completes with exit code 0, and its "
            + "trials, curves and summary equal an undisturbed run's, without duplicate curve points")
    void aSweepSurvivesTheLossOfAnExecutor() throws Exception {
        Path sweep = quickstartSweep("executor-loss", 6);
        Path events = WORK.resolve("events-executor-loss");
        Path output = WORK.resolve("results/executor-loss-cluster");
        AtomicReference<String> killed = new AtomicReference<>();
        AtomicReference<String> finished = new AtomicReference<>();
        AtomicReference<Thread> killer = new AtomicReference<>();
        AtomicReference<RuntimeException> killError = new AtomicReference<>();
        // The first progress line comes a few seconds into the training job, while both executors train their first
        // slice of trials; a second later, one of them is killed with its running task (and any outcomes it
        // cached). Waiting for a finished slice instead would depend on how the slices' ends fall between lines.
        LocalCluster.Result r = LocalCluster.run(WORK, Map.of("SPARK_HOME", LocalCluster.SPARK_HOME.toString()),
                WORK.resolve("logs/executor-loss-cluster"), line -> {
                    Matcher m = PROGRESS.matcher(line);
                    if (!m.find()) {
                        return;
                    }
                    if (m.group(1).equals(m.group(2))) {
                        finished.set(line);
                    } else if (killer.get() == null) {
                        Thread t = new Thread(() -> {
                            sleep(KILL_DELAY_MILLIS);
                            try {
                                if (finished.get() == null) {
                                    killed.set(killAnExecutor() + " " + KILL_DELAY_MILLIS + " ms after '" + line + "'");
                                }
                            } catch (RuntimeException e) {
                                killError.set(e);
                            }
                        }, "executor killer");
                        killer.set(t);
                        t.start();
                    }
                }, 15,
                cat(List.of("submit/lrsweep", "--driver-memory", "2g", "--master", cluster.masterUrl(), "run",
                        sweep.toString(), "--output", output.toString()), eventLogConf(events)));
        if (killer.get() != null) {
            killer.get().join();
        }
        if (killError.get() != null) {
            throw new AssertionError("killing an executor failed", killError.get());
        }
        assertEquals(0, r.code(), r.tail());
        assertNotNull(killed.get(), finished.get() != null
                ? "the trials finished before an executor was killed: " + finished.get()
                : "no progress line to kill on:\n" + r.tail());
        System.out.println("LocalClusterIT: killed executor " + killed.get());

        String executor = killed.get().split(" ")[0];
        List<JsonNode> log = eventLog(events);
        assertTrue(log.stream().anyMatch(e -> e.path("Event").asText().equals("SparkListenerExecutorRemoved")
                        && e.path("Executor ID").asText().equals(executor)),
                "the event log records the removal of executor " + executor);
        long lostTasks = log.stream().filter(e -> e.path("Event").asText().equals("SparkListenerTaskEnd")
                && e.path("Task End Reason").path("Reason").asText().equals("ExecutorLostFailure")).count();
        assertTrue(lostTasks > 0, "the event log records a task lost with executor " + executor);
        System.out.println("LocalClusterIT: tasks lost with the executor: " + lostTasks);

        Path local = runLocally(sweep, "executor-loss-local");
        assertSameTables(local, output);
    }

    /** SIGKILLs Worker 1's executor (or Worker 2's): {@code "<executor id> (pid P)"}. */
    static String killAnExecutor() {
        return killAnExecutor(cluster);
    }

    /** SIGKILLs an executor of the given cluster. */
    static String killAnExecutor(LocalCluster cluster) {
        for (int n = 1; n <= cluster.workers; n++) {
            for (ProcessHandle e : cluster.executors(n)) {
                String id = LocalCluster.executorId(e);
                e.destroyForcibly();
                try {
                    e.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    throw new IllegalStateException("executor " + id + " survived SIGKILL", ex);
                }
                return id + " (pid " + e.pid() + ", worker " + n + ")";
            }
        }
        throw new IllegalStateException("no Worker has an executor to kill");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** conf/quickstart.yaml under another name, with its data path made absolute and this many epochs. */
    static Path quickstartSweep(String name, int epochs) {
        try {
            String text = Files.readString(LocalCluster.REPO.resolve("conf/quickstart.yaml"))
                    .replace("name: quickstart", "name: " + name)
                    .replace("path: data/quickstart", "path: " + WORK.resolve("data/quickstart"))
                    .replace("epochs: 2 ", "epochs: " + epochs + " ");
            assertTrue(text.contains("epochs: " + epochs + " ") && text.contains(WORK.toString()), text);
            return Files.writeString(WORK.resolve(name + ".yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same sweep in this JVM's local[2] session: the reference. */
    static Path runLocally(Path sweep, String name) {
        Path output = WORK.resolve("results/" + name);
        Sweeps.Outcome o = Sweeps.lrsweep("run", sweep.toString(), "--output", output.toString());
        assertEquals(0, o.code(), o.err());
        return output;
    }

    static List<String> eventLogConf(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + dir.toUri(),
                "--conf", "spark.eventLog.compress=false", "--conf", "spark.eventLog.rolling.enabled=false",
                // Start training only once both executors have registered, so both can take trials.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0");
    }

    /** The one application's event log in the directory, one JSON event per line. */
    static List<JsonNode> eventLog(Path dir) {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(Files::isRegularFile).toList();
            assertEquals(1, logs.size(), "event logs in " + dir + ": " + logs);
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(logs.get(0))) {
                events.add(json.readTree(line));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executors with a successful task that finished trials (a positive "lrsweep trials done" update). */
    static Set<String> executorsThatRanTrials(List<JsonNode> events) {
        Set<String> executors = new TreeSet<>();
        for (JsonNode e : events) {
            if (!e.path("Event").asText().equals("SparkListenerTaskEnd")
                    || !e.path("Task End Reason").path("Reason").asText().equals("Success")) {
                continue;
            }
            for (JsonNode a : e.path("Task Info").path("Accumulables")) {
                if (a.path("Name").asText().equals("lrsweep trials done") && a.path("Update").asLong() > 0) {
                    executors.add(e.path("Task Info").path("Executor ID").asText());
                }
            }
        }
        return executors;
    }

    /** trials, curves and summary hold the same rows with the same values, doubles compared by their bits. */
    static void assertSameTables(Path expected, Path actual) {
        for (String table : List.of("trials", "curves", "summary")) {
            List<String> want = canonicalRows(expected.resolve(table));
            List<String> got = canonicalRows(actual.resolve(table));
            assertEquals(want.size(), got.size(), table + ": rows in " + expected + " and " + actual);
            for (int i = 0; i < want.size(); i++) {
                if (!want.get(i).equals(got.get(i))) {
                    fail(table + ": the sorted rows differ first at row " + i + ":\n  local:   " + want.get(i)
                            + "\n  cluster: " + got.get(i));
                }
            }
        }
        SparkSession spark = TestSpark.session();
        Dataset<Row> curves = spark.read().parquet(actual.resolve("curves").toString());
        assertEquals(curves.count(), curves.select("trial_id", "step").distinct().count(),
                "no duplicate (trial_id, step) rows in " + actual.resolve("curves"));
        Dataset<Row> trials = spark.read().parquet(actual.resolve("trials").toString());
        assertEquals(trials.count(), trials.select("trial_id").distinct().count(), "one row per trial");
    }

    /** The table's rows as sorted strings: every column but the timings, by name; doubles as their bits. */
    static List<String> canonicalRows(Path table) {
        Dataset<Row> df = TestSpark.session().read().parquet(table.toString());
        String[] columns = Arrays.stream(df.columns()).filter(c -> !TIMINGS.contains(c)).sorted()
                .toArray(String[]::new);
        List<String> rows = new ArrayList<>();
        for (Row row : df.select(Arrays.stream(columns).map(functions::col).toArray(Column[]::new)).collectAsList()) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < columns.length; i++) {
                Object v = row.get(i);
                s.append(columns[i]).append('=');
                if (v instanceof Double d) {
                    s.append(d).append("#").append(Long.toHexString(Double.doubleToLongBits(d)));
                } else {
                    s.append(v);
                }
                s.append(i + 1 < columns.length ? ", " : "");
            }
            rows.add(s.toString());
        }
        rows.sort(null);
        return rows;
    }

    static String[] cat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted((x, y) -> y.compareTo(x)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
