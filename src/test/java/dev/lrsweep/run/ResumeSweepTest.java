package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Wave commits and {@code run --resume}, in process: a sweep whose driver is lost after some of its waves is
 * resumed, trains only the trials left, and ends with the tables of an undisturbed run, bit for bit.
 */
class ResumeSweepTest {
    static final int TRIALS = 40;
    static Path dir;
    static Path sweep;
    static Path undisturbed;
    static Sweeps.Outcome lost;
    static Sweeps.Outcome resumed;
    static Path results;
    static List<String> dirAfterLoss;
    static List<String> workAfterLoss;
    static List<String> wavesAfterLoss;

    @BeforeAll
    static void runInterruptAndResume() {
        dir = Sweeps.workDir("resume");
        Path data = Sweeps.parquet(dir.resolve("data.parquet"), List.of("x0", "x1", "x2", "label"),
                Sweeps.logisticRows(300, new double[] {2, -1, 0.5}, 0.3, 7));
        sweep = Sweeps.write(dir.resolve("resume.yaml"), """
                name: resume
                seed: 5
                data:
                  path: %s
                  validation: 0.2
                model:
                  type: logistic
                grid:
                  learning_rates: [0.01, 0.1, 1, 10, 100]
                  batch_sizes: [32, full]
                  optimizers: [sgd, adam]
                  seeds: [1, 2]
                train:
                  steps: 30
                  eval_every: 5
                  log_every: 1
                """.formatted(data));
        undisturbed = dir.resolve("undisturbed");
        Sweeps.Outcome whole = lrsweep("run", sweep.toString(), "--output", undisturbed.toString(),
                "--wave-trials", "1000");
        assertEquals(0, whole.code(), whole.err() + whole.out());
        assertTrue(whole.out().contains(", 1 wave\n"), whole.out());

        results = dir.resolve("results");
        lost = Sweeps.lrsweepLosingDriverAt("wave 3/7 committed", "run", sweep.toString(), "--output",
                results.toString(), "--wave-trials", "6");
        Path work = dir.resolve("results" + WorkDirectory.SUFFIX);
        dirAfterLoss = Sweeps.list(dir);
        workAfterLoss = Sweeps.list(work);
        wavesAfterLoss = Sweeps.list(work.resolve(WorkDirectory.WAVES));
        resumed = lrsweep("run", sweep.toString(), "--output", results.toString(), "--resume", "--wave-trials", "7");
    }

    @Test
    @DisplayName("a lost driver leaves no output, only the work directory with its marker and the committed waves")
    void aLostDriverLeavesNoOutputOnlyTheWorkDirectory() {
        assertEquals(1, lost.code(), lost.err());
        assertTrue(lost.out().contains("grid: 40 trials in "), lost.out());
        assertTrue(lost.out().contains(" tasks, 7 waves of up to 6 trials"), lost.out());
        assertTrue(lost.err().contains("the driver is lost (simulated by the test)"), lost.err());
        assertEquals(List.of("data.parquet", "results.partial", "resume.yaml", "undisturbed"), dirAfterLoss);
        assertEquals(List.of(WorkDirectory.MARKER, "commit", "data.txt", "sweep.yaml", "tmp", "waves"), workAfterLoss,
                "the marker, the landscape staged for the final commit, the resolved sweep, the data's fingerprint, the"
                        + " committed waves and their scratch space");
        assertEquals(List.of("wave-00001", "wave-00002", "wave-00003"), wavesAfterLoss);
        assertTrue(resumed.out().contains("resume: 17 of 40 trials are committed in 3 waves"), resumed.out());
    }

    @Test
    @DisplayName("--resume trains only the trials the committed waves lack, continuing the wave numbers")
    void resumeTrainsOnlyTheTrialsLeft() {
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("; 23 left\n"), resumed.out());
        assertTrue(resumed.out().contains("grid: 23 trials left in "), resumed.out());
        assertTrue(resumed.out().contains("wave 4/7 committed: "), resumed.out());
        assertTrue(resumed.out().contains("wave 7/7 committed: "), resumed.out());
        assertFalse(resumed.out().contains("wave 3/7 committed"), resumed.out());
        Matcher trained = Pattern.compile("^trained (\\d+) trials in 4 waves in [0-9:]+; 17 were committed before$",
                Pattern.MULTILINE).matcher(resumed.out());
        assertTrue(trained.find(), resumed.out());
        assertEquals(23, Integer.parseInt(trained.group(1)), "the trials the progress accumulator counted");
        assertTrue(resumed.out().contains("trials 40/40 done"), resumed.out());
    }

    @Test
    @DisplayName("the resumed run leaves the output and nothing else: no work, staging or wave directory")
    void theResumedRunLeavesTheOutputAndNothingElse() {
        assertEquals(List.of("_LRSWEEP", "curves", "data.yaml", "landscape", "report.html", "summary", "sweep.yaml",
                "trials"),
                Sweeps.list(results));
        assertEquals(List.of("data.parquet", "results", "resume.yaml", "undisturbed"), Sweeps.list(dir));
    }

    @Test
    @DisplayName("the curves are the waves' part files, moved: one per task of each of the seven waves' jobs")
    void theCurvesAreTheWavesPartFiles() throws Exception {
        try (var files = Files.list(results.resolve("curves"))) {
            List<String> parts = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).toList();
            long jobs = parts.stream().map(n -> n.substring("part-00000-".length(), "part-00000-".length() + 36))
                    .distinct().count();
            assertEquals(7, jobs, parts.toString());
        }
    }

    @Test
    @DisplayName("trials, curves and summary equal those of an undisturbed one-wave run bit for bit, one row per trial")
    void theTablesEqualAnUndisturbedRun() {
        assertEquals(TRIALS, table(results, "trials").count());
        assertEquals(TRIALS, table(results, "trials").select("trial_id").distinct().count());
        assertSame("trials", "trial_id");
        assertSame("curves", "trial_id", "step");
        assertSame("summary", "group_index");
    }

    @Test
    @DisplayName("--resume of a complete output says so in one line, exit code 0, and changes nothing")
    void resumeOfACompleteOutputSaysSo() throws Exception {
        String marker = Files.readString(results.resolve("_LRSWEEP"));
        Sweeps.Outcome again = lrsweep("run", sweep.toString(), "--output", results.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertEquals(List.of("output " + results + " is already complete: nothing to resume"), again.out().lines().toList());
        assertEquals(marker, Files.readString(results.resolve("_LRSWEEP")));
    }

    @Test
    @DisplayName("a driver lost after its last wave: --resume trains nothing and writes the same tables")
    void aDriverLostAfterItsLastWave() {
        Path late0 = Sweeps.workDir("resume-late");
        Path output = late0.resolve("late");
        Sweeps.Outcome lateRun = Sweeps.lrsweepLosingDriverAt("wave 2/2 committed", "run", sweep.toString(),
                "--output", output.toString(), "--wave-trials", "20");
        assertEquals(1, lateRun.code(), lateRun.err());
        assertFalse(Files.exists(output));
        Sweeps.Outcome finish = lrsweep("run", sweep.toString(), "--output", output.toString(), "--resume");
        assertEquals(0, finish.code(), finish.err() + finish.out());
        assertTrue(finish.out().contains("resume: 40 of 40 trials are committed in 2 waves"), finish.out());
        assertTrue(finish.out().contains("writing the tables"), finish.out());
        assertFalse(finish.out().contains("trained "), finish.out());
        assertEquals(rows(undisturbed, "trials", "trial_id"), rows(output, "trials", "trial_id"));
        assertEquals(rows(undisturbed, "curves", "trial_id", "step"), rows(output, "curves", "trial_id", "step"));
        assertEquals(rows(undisturbed, "summary", "group_index"), rows(output, "summary", "group_index"));
        assertEquals(List.of("late"), Sweeps.list(late0), "no work directory left");
    }

    static void assertSame(String table, String... order) {
        Dataset<Row> a = withoutTimes(table(undisturbed, table));
        Dataset<Row> b = withoutTimes(table(results, table));
        assertEquals(0, a.exceptAll(b).count(), table);
        assertEquals(0, b.exceptAll(a).count(), table);
        assertEquals(rows(undisturbed, table, order), rows(results, table, order), table + ", bit for bit");
    }

    /** The rows as text, sorted: Double.toString tells every two doubles apart (−0.0 and 0.0, NaNs). */
    static List<String> rows(Path output, String table, String... order) {
        Dataset<Row> t = withoutTimes(table(output, table));
        return t.orderBy(order[0], java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList().stream()
                .map(Row::toString).toList();
    }

    static Dataset<Row> withoutTimes(Dataset<Row> t) {
        return t.drop("train_seconds");
    }

    static Dataset<Row> table(Path output, String name) {
        return spark().read().parquet(output.resolve(name).toString());
    }
}
