package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sweeps in the sharded layout: one shard reproduces the replicated layout, several train at the shards. */
class ShardedSweepTest {
    static Path dir;
    static Path replicated;
    static Path oneShard;
    static Path threeShards;
    static Sweeps.Outcome three;

    static Path sweep(String name, String layout) {
        return sweep(name, layout, "[16, 50]");
    }

    static Path sweep(String name, String layout, String batchSizes) {
        Path data = dir.resolve("data.parquet");
        return Sweeps.write(dir.resolve(name + ".yaml"), """
                name: %s
                seed: 3
                data:
                  path: %s
                  validation: 0.2
                  standardize: true
                %s
                model:
                  type: logistic
                grid:
                  learning_rates: [0.01, 0.3, 30]
                  batch_sizes: %s
                  optimizers: [sgd, adam]
                  seeds: [1]
                train:
                  epochs: 2
                  evaluations: 6
                  log_every: 2
                output: %s
                """.formatted(name, data, layout.indent(2).stripTrailing(), batchSizes, dir.resolve(name)));
    }

    @BeforeAll
    static void runTheLayouts() {
        dir = Sweeps.workDir("sharded");
        Sweeps.parquet(dir.resolve("data.parquet"), List.of("x0", "x1", "x2", "label"),
                Sweeps.logisticRows(240, new double[] {2, -1, 0.5}, 0.3, 11));
        Sweeps.Outcome r = lrsweep("run", sweep("replicated", "layout: replicated").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        Sweeps.Outcome one = lrsweep("run", sweep("one", "layout: sharded\nshards: 1").toString());
        assertEquals(0, one.code(), one.err() + one.out());
        three = lrsweep("run", sweep("three", "layout: sharded\nshards: 3").toString());
        assertEquals(0, three.code(), three.err() + three.out());
        replicated = dir.resolve("replicated");
        oneShard = dir.resolve("one");
        threeShards = dir.resolve("three");
    }

    /** The rounds a run trained, from its closing line "trained … (N rounds at S shards)". */
    private static int rounds(String out) {
        Matcher m = Pattern.compile("\\((\\d+) rounds at \\d+ shards\\)").matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }

    @Test
    @DisplayName("one shard reproduces the replicated layout's trials and curves bit for bit")
    void oneShardReproducesTheReplicatedLayout() {
        assertEquals(ResumeSweepTest.rows(replicated, "trials", "trial_id"),
                ResumeSweepTest.rows(oneShard, "trials", "trial_id"));
        assertEquals(ResumeSweepTest.rows(replicated, "curves", "trial_id", "step"),
                ResumeSweepTest.rows(oneShard, "curves", "trial_id", "step"));
        assertEquals(ResumeSweepTest.rows(replicated, "summary", "group_index"),
                ResumeSweepTest.rows(oneShard, "summary", "group_index"));
    }

    @Test
    @DisplayName("a driver lost mid-wave resumes from the last committed round and ends with the undisturbed tables")
    void aDriverLostMidWaveResumesFromTheLastCommittedRound() {
        Path yaml = sweep("three", "layout: sharded\nshards: 3");
        Path output = dir.resolve("lost");
        Sweeps.Outcome lost = Sweeps.lrsweepLosingDriverAt("wave 1/1 round 3:", "run", yaml.toString(), "--output",
                output.toString(), "--commit-seconds", "0");
        assertEquals(1, lost.code(), lost.err());
        Sweeps.Outcome resumed = lrsweep("run", yaml.toString(), "--output", output.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resume: wave 1 carries on after round 3 with its 12 trials' committed"
                + " states"), resumed.out());
        assertTrue(resumed.out().contains("wave 1/1 round 4:"), resumed.out());
        for (int r = 1; r <= 3; r++) {
            assertTrue(!resumed.out().contains("wave 1/1 round " + r + ":"), "round " + r + " is not trained again");
        }
        assertEquals(rounds(three.out()) - 3, rounds(resumed.out()), "only the rounds after the committed states");
        assertEquals(ResumeSweepTest.rows(threeShards, "trials", "trial_id"),
                ResumeSweepTest.rows(output, "trials", "trial_id"));
        assertEquals(ResumeSweepTest.rows(threeShards, "curves", "trial_id", "step"),
                ResumeSweepTest.rows(output, "curves", "trial_id", "step"));
    }

    @Test
    @DisplayName("a batch larger than the smallest shard is refused in one line, before anything is written")
    void aBatchLargerThanAShardIsRefused() {
        Sweeps.Outcome full = lrsweep("run", sweep("full", "layout: sharded\nshards: 3", "[16, full]").toString());
        assertEquals(2, full.code(), full.err() + full.out());
        assertEquals(List.of("lrsweep: batch size full (192) exceeds the smallest of the 3 shards, 64 rows; the sharded"
                + " layout trains batches up to a shard's rows: give fewer data.shards or smaller grid.batch_sizes"),
                full.errLines());
        assertTrue(!Files.exists(dir.resolve("full")) && !Files.exists(dir.resolve("full.partial")), "nothing written");
    }

    @Test
    @DisplayName("three shards train every trial through its epochs in rounds, and sweep.yaml records the layout")
    void threeShardsTrainInRounds() throws Exception {
        assertTrue(three.out().contains("data.layout: sharded, 3 shards"), three.out());
        assertTrue(three.out().contains("rounds at 3 shards)"), three.out());
        assertTrue(three.out().contains("wave 1/1 round 2: ") && !three.out().contains("states committed"),
                "a short wave commits its states only with the wave: " + three.out());
        assertEquals(12, ResumeSweepTest.table(threeShards, "trials").count());
        assertEquals(0, ResumeSweepTest.table(threeShards, "trials").where("NOT diverged AND steps <> planned_steps")
                .count(), "every trial that did not diverge made all its updates");
        var points = ResumeSweepTest.table(threeShards, "curves").groupBy("trial_id").count();
        var pointsReplicated = ResumeSweepTest.table(replicated, "curves").groupBy("trial_id").count()
                .withColumnRenamed("count", "replicated");
        var bothFinished = ResumeSweepTest.table(threeShards, "trials").where("NOT diverged").select("trial_id")
                .join(ResumeSweepTest.table(replicated, "trials").where("NOT diverged").select("trial_id"), "trial_id");
        var compared = bothFinished.join(points, "trial_id").join(pointsReplicated, "trial_id");
        assertTrue(compared.count() >= 6, "most trials finish in both layouts");
        assertEquals(0, compared.where("count <> replicated").count(), "a finished trial records the same points");
        assertNotEquals(ResumeSweepTest.rows(replicated, "curves", "trial_id", "step"),
                ResumeSweepTest.rows(threeShards, "curves", "trial_id", "step"), "other batches");
        String yaml = Files.readString(threeShards.resolve("sweep.yaml"));
        assertTrue(yaml.contains("layout: \"sharded\"") || yaml.contains("layout: sharded"), yaml);
        assertTrue(yaml.contains("shards: 3"), yaml);
        String auto = Files.readString(replicated.resolve("sweep.yaml"));
        assertTrue(auto.contains("replicated"), auto);
    }
}
