package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sharded layout on a real two-worker cluster, through the launcher: a data set whose packed training rows
 * (3.5 M rows × 20 features, 588 MB) are larger than each executor's heap (512 MB) and than the driver's (512 MB)
 * stays in shards on the executors; an executor killed with SIGKILL mid-sweep costs its shards being rebuilt from
 * the input; and trials and curves equal, bit for bit, the same sweep in local mode.
 */
class ShardedClusterIT {
    static final Path WORK = LocalCluster.REPO.resolve("target/it/sharded-cluster");
    static final long ROWS = 3_500_000;

    static LocalCluster cluster;
    static long started;

    @BeforeAll
    static void startTheClusterAndMakeTheData() throws IOException {
        started = System.nanoTime();
        LocalClusterIT.deleteTree(WORK);
        Files.createDirectories(WORK);
        cluster = LocalCluster.start(2, WORK.resolve("logs"));
        LocalCluster.Result generated = LocalCluster.run(WORK, Map.of(), WORK.resolve("logs/generate"), null, 15,
                "submit/lrsweep", "generate", "--kind", "logistic", "--rows", String.valueOf(ROWS), "--features",
                "20", "--output", "data/large", "--overwrite");
        assertEquals(0, generated.code(), generated.tail());
        System.out.printf("ShardedClusterIT: data generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
        System.out.printf("ShardedClusterIT: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    static Path sweep() throws IOException {
        return Files.writeString(WORK.resolve("large.yaml"), """
                name: large
                seed: 1
                data:
                  path: %s
                  validation: 0.01
                  standardize: true
                  layout: sharded
                  shards: 8
                model:
                  type: logistic
                grid:
                  learning_rates: [0.01, 1]
                  batch_sizes: [1000]
                  optimizers: [sgd, adam]
                  seeds: [1, 2]
                train:
                  epochs: 1
                  evaluations: 8
                  log_every: 100
                """.formatted(WORK.resolve("data/large")));
    }

    /** The driver's and each executor's peak JVM heap over the stages, in MB, from the event log. */
    static Map<String, Long> peakHeaps(List<JsonNode> events) {
        Map<String, Long> peaks = new TreeMap<>();
        for (JsonNode e : events) {
            if (e.path("Event").asText().equals("SparkListenerStageExecutorMetrics")) {
                peaks.merge(e.path("Executor ID").asText(),
                        e.path("Executor Metrics").path("JVMHeapMemory").asLong() >> 20, Math::max);
            }
        }
        return peaks;
    }

    @Test
    @DisplayName("a sharded sweep of rows larger than each executor's heap, with a 512 MB driver and an executor killed"
            + " mid-sweep, ends with trials and curves equal to a local run's bit for bit")
    void aShardedSweepLargerThanAnExecutorSurvivesItsLoss() throws Exception {
        Path sweep = sweep();
        Path output = WORK.resolve("results/cluster");
        AtomicReference<String> killed = new AtomicReference<>();
        long clusterStarted = System.nanoTime();
        LocalCluster.Result r = LocalCluster.run(WORK, Map.of("SPARK_HOME", LocalCluster.SPARK_HOME.toString()),
                WORK.resolve("logs/cluster"), line -> {
                    if (line.startsWith("wave 1/1 round 2:") && killed.get() == null) {
                        killed.set(LocalClusterIT.killAnExecutor(cluster) + " after '" + line + "'");
                    }
                }, 30,
                LocalClusterIT.cat(List.of("submit/lrsweep", "--driver-memory", "512m", "--executor-memory", "512m",
                        "--master", cluster.masterUrl(), "run", sweep.toString(), "--output", output.toString(),
                        // every stage's peak heap of the driver and each executor, sampled every 100 ms
                        "--conf", "spark.eventLog.logStageExecutorMetrics=true",
                        "--conf", "spark.executor.metrics.pollingInterval=100ms"),
                        LocalClusterIT.eventLogConf(WORK.resolve("events"))));
        double clusterSeconds = (System.nanoTime() - clusterStarted) / 1e9;
        assertEquals(0, r.code(), r.tail());
        assertNotNull(killed.get(), "no round line to kill on:\n" + r.tail());
        assertTrue(r.out().contains("data.layout: sharded, 8 shards"), r.tail());
        System.out.printf("ShardedClusterIT: cluster run %.0f s, killed executor %s; peak heap (MB) %s%n",
                clusterSeconds, killed.get(), peakHeaps(LocalClusterIT.eventLog(WORK.resolve("events"))));

        long localStarted = System.nanoTime();
        Path local = WORK.resolve("results/local");
        dev.lrsweep.run.Sweeps.Outcome o = dev.lrsweep.run.Sweeps.lrsweep("run", sweep.toString(), "--output",
                local.toString());
        assertEquals(0, o.code(), o.err());
        System.out.printf("ShardedClusterIT: local run %.0f s%n", (System.nanoTime() - localStarted) / 1e9);
        LocalClusterIT.assertSameTables(local, output);
    }
}
