package dev.lrsweep.cli;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.Sweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What lrsweep says about the mistakes a new user makes: each message names the problem and the way forward, in
 * one line for a refusal (exit code 3 for data, 2 for a configuration) or a note beside a run that goes ahead.
 */
class RunExplainsCommonMistakesTest {

    static final String GRID = """
            grid:
              learning_rates: [0.1]
              batch_sizes: [2]
              optimizers: [sgd]
            train:
              steps: 3
            """;

    /** Runs {@code run} on a sweep file with this data section (and model, grid); returns what it printed. */
    static Sweeps.Outcome run(Path dir, String data, String model, String grid) {
        Path sweep = Sweeps.write(dir.resolve("sweep.yaml"), data + "model:\n  type: " + model + "\n" + grid
                + "output: " + dir.resolve("results") + "\n");
        return lrsweep("run", sweep.toString());
    }

    static String refusal(Sweeps.Outcome o, int code, Path dir) {
        assertEquals(code, o.code(), o.err() + o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + o.err());
        assertFalse(Files.exists(dir.resolve("results")), "nothing written");
        return lines.get(0);
    }

    @Test
    @DisplayName("a relative data.path that does not exist says which directory it is relative to")
    void aRelativeDataPathThatDoesNotExistSaysWhichDirectoryItIsRelativeTo() {
        Path dir = Sweeps.workDir("mistakes");
        String line = refusal(run(dir, "data:\n  path: data/nowhere-" + dir.getFileName() + "\n", "linear", GRID), 3, dir);
        assertEquals("lrsweep: data.path data/nowhere-" + dir.getFileName() + " does not exist (relative to the working"
                + " directory " + Path.of("").toAbsolutePath() + "; a sweep file's paths are relative to the directory"
                + " lrsweep runs in, not to the sweep file's)", line);
    }

    @Test
    @DisplayName("a libsvm file read as CSV is refused with the hint that it looks like libsvm")
    void aLibsvmFileReadAsCsvIsRefusedWithTheHintThatItLooksLikeLibsvm() {
        Path dir = Sweeps.workDir("mistakes");
        Path file = Sweeps.write(dir.resolve("data.txt"), "1 1:0.5 2:1.5\n0 1:1 2:2\n1 2:3\n");
        String line = refusal(run(dir, "data:\n  path: " + file + "\n  format: csv\n", "logistic", GRID), 3, dir);
        assertTrue(line.startsWith("lrsweep: data.path " + file + ": has no label column label"), line);
        assertTrue(line.endsWith("; the files look like libsvm (line 1 is '1 1:0.5 2:1.5'):"
                + " set data.format: libsvm"), line);
    }

    @Test
    @DisplayName("CSV files read as libsvm are refused before Spark reads them, with the line that is not libsvm")
    void csvFilesReadAsLibsvmAreRefusedWithTheLineThatIsNotLibsvm() {
        Path dir = Sweeps.workDir("mistakes");
        Path csv = RunRefusesBadDataTest.csvFiles(dir);
        String line = refusal(run(dir, "data:\n  path: " + csv + "\n  format: libsvm\n", "logistic", GRID), 3, dir);
        assertEquals("lrsweep: data.path " + csv + " cannot be read as libsvm: line 1 of"
                + " part-00000.csv is not 'label index:value …' but 'x0,x1,label'; the files look like CSV"
                + " (data.format: csv)", line);
    }

    @Test
    @DisplayName("a numeric CSV column with a stray word is refused with the row and the value named")
    void aNumericCsvColumnWithAStrayWordIsRefusedWithTheRowAndTheValueNamed() {
        Path dir = Sweeps.workDir("mistakes");
        Path file = Sweeps.write(dir.resolve("data.csv"), "x0,x1,colour,label\n1,2,red,0\n3,4,blue,1\n5,x,red,1\n"
                + "7,8,green,0\n");
        String line = refusal(run(dir, "data:\n  path: " + file + "\n  format: csv\n", "logistic", GRID), 3, dir);
        assertEquals("lrsweep: data.path " + file + ": column x1 holds numbers but for 1 of its 4 values: row 3"
                + " (not counting the header) holds 'x'; fix it, or set data.drop_invalid: true to drop such"
                + " rows, or list data.features without it", line);
    }

    @Test
    @DisplayName("data.drop_invalid drops the rows with a null, NaN or stray value, says how many, and the run goes ahead")
    void dropInvalidDropsTheRowsWithANullNanOrStrayValueAndSaysHowMany() {
        Path dir = Sweeps.workDir("mistakes");
        Path file = Sweeps.write(dir.resolve("data.csv"), "x0,x1,colour,label\n1,2,red,0\n3,4,blue,1\n5,x,red,1\n"
                + "7,8,green,0\n,1,red,1\n2,NaN,red,0\n9,9,red,1\n");
        Sweeps.Outcome o = run(dir, "data:\n  path: " + file + "\n  format: csv\n  drop_invalid: true\n", "logistic",
                GRID);
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("data: 4 training rows, no validation rows, 2 features; read and packed in "), o.out());
        assertTrue(o.out().contains("\n  not numeric, so not features: colour (string)\n"), o.out());
        assertTrue(o.out().contains("\n  data.drop_invalid: dropped 3 of the 7 rows (a missing, non-numeric or"
                + " non-finite label or feature)\n"), o.out());
    }

    @Test
    @DisplayName("null values are refused with data.drop_invalid offered as the way forward")
    void nullValuesAreRefusedWithDropInvalidOffered() {
        Path dir = Sweeps.workDir("mistakes");
        Path file = Sweeps.write(dir.resolve("data.csv"), "x0,x1,label\n1,2,0\n3,,1\n5,6,1\n");
        String line = refusal(run(dir, "data:\n  path: " + file + "\n  format: csv\n", "logistic", GRID), 3, dir);
        assertEquals("lrsweep: data.path " + file + ": column x1 has 1 null value; set data.drop_invalid: true to drop"
                + " the rows that have such values", line);
    }

    @Test
    @DisplayName("full batch from zero weights with several seeds gets a note that the seeds repeat one run, and its cost")
    void fullBatchFromZeroWeightsWithSeveralSeedsGetsANote() {
        Path dir = Sweeps.workDir("mistakes");
        Path data = RunRefusesBadDataTest.good(dir);
        String grid = """
                grid:
                  learning_rates: [0.1, 0.3]
                  batch_sizes: [1, full]
                  optimizers: [sgd]
                  seeds: [1, 2, 3]
                train:
                  steps: 3
                """;
        String note = "note: full batch from zero weights makes every seed the same run (the same rows at every step,"
                + " the same start), so 4 of the 12 trials repeat another and the full-batch trials cost 3× what one"
                + " seed would; keep one seed, or start from random weights (model.init: {type: normal, std: 0.01})";
        Sweeps.Outcome o = run(dir, "data:\n  path: " + data + "\n", "linear", grid);
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().lines().anyMatch(note::equals), o.out());
        Sweeps.Outcome g = lrsweep("grid", dir.resolve("sweep.yaml").toString());
        assertTrue(g.out().lines().anyMatch(note::equals), g.out());
        Sweeps.write(dir.resolve("random.yaml"), "data:\n  path: " + data + "\nmodel:\n  type: linear\n  init: {type:"
                + " normal, std: 0.01}\n" + grid);
        assertFalse(lrsweep("grid", dir.resolve("random.yaml").toString()).out().contains("note: full batch"));
    }

    @Test
    @DisplayName("grid gives the evaluation's cost next to the training's and says when evaluation dominates")
    void gridGivesTheEvaluationsCostNextToTheTrainingsAndSaysWhenEvaluationDominates() {
        Path dir = Sweeps.workDir("mistakes");
        String sweep = "data:\n  path: data\nmodel:\n  type: linear\ngrid:\n  learning_rates: [0.1]\n  batch_sizes: [10]\n"
                + "  optimizers: [sgd]\ntrain:\n";
        Sweeps.write(dir.resolve("often.yaml"), sweep + "  epochs: 1\n  eval_every: 1\n");
        Sweeps.write(dir.resolve("seldom.yaml"), sweep + "  epochs: 1\n  eval_every: 1000\n  eval_rows: 10\n");
        Sweeps.Outcome often = lrsweep("grid", dir.resolve("often.yaml").toString(), "--rows", "1000");
        assertEquals(0, often.code(), often.err());
        assertTrue(often.out().lines().anyMatch(l -> l.matches("cost: 1 k sample-gradients of training on 1000 rows"
                + " \\(0 held out\\), and [0-9.]+ k sample-losses of evaluation, about [0-9.]+× the training's work")),
                often.out());
        assertTrue(often.out().contains("\nnote: evaluation dominates the cost"), often.out());
        Sweeps.Outcome seldom = lrsweep("grid", dir.resolve("seldom.yaml").toString(), "--rows", "1000");
        assertTrue(seldom.out().lines().anyMatch(l -> l.startsWith("cost: 1 k sample-gradients of training")
                && l.matches(".* about [0-9]+% of the training's work")), seldom.out());
        assertFalse(seldom.out().contains("note: evaluation dominates"), seldom.out());
    }

    @Test
    @DisplayName("counts of one are singular: 1 seed, 1 trial, 1 block, 1 task")
    void countsOfOneAreSingular() {
        Path dir = Sweeps.workDir("mistakes");
        Sweeps.Outcome o = run(dir, "data:\n  path: " + RunRefusesBadDataTest.good(dir) + "\n", "linear", GRID);
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("\ngrid: 1 trial in 1 block, 1 task, 1 wave\n"), o.out());
        assertTrue(o.out().contains("\ntrained 1 trial in 1 wave in "), o.out());
        Sweeps.Outcome g = lrsweep("grid", dir.resolve("sweep.yaml").toString());
        assertTrue(g.out().startsWith("sweep sweep: 1 trial = 1 learning rate × 1 schedule × 1 batch size × 1 optimizer"
                + " × 1 seed\n"), g.out());
    }
}
