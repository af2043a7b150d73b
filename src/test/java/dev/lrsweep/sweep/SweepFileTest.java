package dev.lrsweep.sweep;

import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.errors.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class SweepFileTest {
    public static final String VALID = """
            name: t
            seed: 7
            data:
              path: data/x
              format: csv
              label: y
              features: [a, b]
              validation: 0.2
            model:
              type: logistic
            grid:
              learning_rates: {from: 1e-4, to: 1.0, per_decade: 2}
              schedules: [constant, cosine, {type: warmup_cosine, warmup_fraction: 0.05}, {type: step, step_size: 500, gamma: 0.5}]
              batch_sizes: [32, 256, full]
              optimizers: [sgd, momentum, adam, {type: adamw, weight_decay: 0.01}]
              seeds: [1]
            train:
              epochs: 5
            """;

    static SweepConfig parse(String yaml) {
        return SweepFile.parse(yaml, "sweep");
    }

    @Test
    @DisplayName("a valid sweep file is read with its defaults filled in")
    void aValidSweepFileIsReadWithItsDefaultsFilledIn() {
        SweepConfig c = parse(VALID);
        assertEquals(List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0), c.grid().learningRates());
        assertEquals(9 * 4 * 3 * 4, c.grid().size());
        assertEquals(List.of(32, 256, SweepConfig.Grid.FULL_BATCH), c.grid().batchSizes());
        assertEquals("true", c.data().options().get("header"));
        assertEquals("final_val_loss", c.rankBy());
        assertEquals("results/t", c.output());
        assertEquals(EvaluationCadence.pointsPerRun(30), c.train().evaluation());
        assertTrue(Double.isNaN(c.train().clipGradNorm()));
    }

    @Test
    @DisplayName("the resolved sweep reads back as the same sweep")
    void theResolvedSweepReadsBackAsTheSameSweep() {
        SweepConfig c = parse(VALID);
        assertEquals(c, parse(ResolvedSweep.yaml(c)));
    }

    @Test
    @DisplayName("trial ids are stable and differ between trials")
    void trialIdsAreStableAndDifferBetweenTrials() {
        List<TrialSpec> a = Grid.expand(parse(VALID));
        List<TrialSpec> b = Grid.expand(parse(VALID));
        assertEquals(a, b);
        assertEquals(a.size(), a.stream().map(TrialSpec::trialId).distinct().count());
        assertEquals("adamw", a.get(a.size() - 1).optimizerReadable());
        assertTrue(a.stream().anyMatch(t -> t.scheduleReadable().equals("step(step_size=500,gamma=0.5)")));
    }

    @Test
    @DisplayName("without validation rows the ranking defaults to the final training loss")
    void withoutValidationRowsTheRankingDefaultsToTheFinalTrainingLoss() {
        SweepConfig c = parse(VALID.replace("validation: 0.2", "validation: 0"));
        assertEquals("final_train_loss", c.rankBy());
        assertNull(c.data().validationPath());
    }

    /** Every refused sweep file: what is wrong, the file's text, and what the one-line message says. */
    public static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("an unknown key, with the closest name", VALID.replace("seed: 7", "sede: 7"),
                        "sede is not a known key (did you mean seed?)"),
                Arguments.of("an unknown nested key", VALID.replace("label: y", "lable: y"),
                        "data.lable is not a known key (did you mean label?)"),
                Arguments.of("a wrong type", VALID.replace("epochs: 5", "epochs: many"), "train.epochs must be a number"),
                Arguments.of("a negative learning rate", VALID.replace("{from: 1e-4, to: 1.0, per_decade: 2}", "[0.1, -0.01]"),
                        "grid.learning_rates[1] must be a positive learning rate"),
                Arguments.of("a zero learning rate", VALID.replace("{from: 1e-4, to: 1.0, per_decade: 2}", "[0]"),
                        "grid.learning_rates[0] must be a positive learning rate"),
                Arguments.of("from above to", VALID.replace("from: 1e-4, to: 1.0", "from: 1.0, to: 1e-4"),
                        "grid.learning_rates goes from 1 to 1e-04: from must not exceed to"),
                Arguments.of("an empty grid axis", VALID.replace("seeds: [1]", "seeds: []"), "grid.seeds is empty"),
                Arguments.of("an unknown optimizer", VALID.replace("[sgd, momentum,", "[sgd, adma,"),
                        "grid.optimizers[1].type names no optimizer: adma (did you mean adam?)"),
                Arguments.of("an unknown schedule", VALID.replace("[constant, cosine,", "[constant, cosin,"),
                        "grid.schedules[1].type names no schedule: cosin (did you mean cosine?)"),
                Arguments.of("an unknown optimizer parameter", VALID.replace("weight_decay: 0.01}", "weight_decai: 0.01}"),
                        "grid.optimizers[3].weight_decai is not a parameter of adamw (did you mean weight_decay?)"),
                Arguments.of("pct_start outside (0, 1)", VALID.replace("constant, cosine,", "{type: one_cycle, pct_start: 1.2}, cosine,"),
                        "grid.schedules[0].pct_start must lie in (0, 1), got 1.2"),
                Arguments.of("a warm-up longer than a step budget", VALID.replace("epochs: 5", "steps: 10")
                                .replace("constant, cosine,", "{type: cosine, warmup_steps: 20}, cosine,"),
                        "grid.schedules[0].warmup_steps (20) must be shorter than the run (10 steps)"),
                Arguments.of("batch size 0", VALID.replace("[32, 256, full]", "[32, 0]"),
                        "grid.batch_sizes[1] must be a whole number of at least 1, or full; got 0"),
                Arguments.of("epochs 0", VALID.replace("epochs: 5", "epochs: 0"), "train.epochs must be at least 1, got 0"),
                Arguments.of("a validation fraction of 1", VALID.replace("validation: 0.2", "validation: 1"),
                        "data.validation must be a fraction in [0, 1) or a path"),
                Arguments.of("softmax with one class", VALID.replace("type: logistic", "type: softmax\n  classes: 1"),
                        "model.classes must be at least 2, got 1"),
                Arguments.of("classes on a binary model", VALID.replace("type: logistic", "type: logistic\n  classes: 3"),
                        "model.classes applies to softmax only"),
                Arguments.of("an unknown model", VALID.replace("type: logistic", "type: logistik"),
                        "model.type must be one of linear, logistic, softmax, got logistik (did you mean logistic?)"),
                Arguments.of("an unknown data format", VALID.replace("format: csv", "format: xlsx"),
                        "data.format must be one of parquet, csv, libsvm, orc, json, got xlsx"),
                Arguments.of("ranking by validation loss without validation rows",
                        VALID.replace("validation: 0.2", "validation: 0") + "rank_by: best_val_loss\n",
                        "rank_by best_val_loss needs validation rows"),
                Arguments.of("both epochs and steps", VALID.replace("epochs: 5", "epochs: 5\n  steps: 10"),
                        "train takes epochs or steps, not both"),
                Arguments.of("both evaluations and eval_every", VALID.replace("epochs: 5",
                        "epochs: 5\n  evaluations: 20\n  eval_every: 10"),
                        "train takes evaluations (points per trial) or eval_every (updates), not both"),
                Arguments.of("no evaluation points", VALID.replace("epochs: 5", "epochs: 5\n  evaluations: 0"),
                        "train.evaluations must be"),
                Arguments.of("a duplicate key", VALID.replace("seed: 7", "seed: 7\nseed: 8"), "is not valid YAML"),
                Arguments.of("a missing data section", VALID.replace("data:", "dta:"),
                        "data is required (the sweep file has dta: did you mean data?)"),
                Arguments.of("a misspelt required key, with the key it stands for",
                        VALID.replace("learning_rates:", "learning_rate:"),
                        "grid.learning_rates is required (grid has learning_rate: did you mean learning_rates?)"),
                Arguments.of("a non-positive clip norm", VALID.replace("epochs: 5", "epochs: 5\n  clip_grad_norm: 0"),
                        "train.clip_grad_norm must be a positive number or null"),
                Arguments.of("a list where a name belongs", VALID.replace("type: logistic", "type: [logistic]"),
                        "model.type must be a string, got a list"),
                Arguments.of("a number where a list belongs", VALID.replace("[32, 256, full]", "32"),
                        "grid.batch_sizes must be a list, got 32"),
                Arguments.of("a negative start of the ladder", VALID.replace("from: 1e-4", "from: -1e-4"),
                        "grid.learning_rates.from must be a positive learning rate, got -1.0E-4"),
                Arguments.of("an empty list of learning rates",
                        VALID.replace("{from: 1e-4, to: 1.0, per_decade: 2}", "[]"), "grid.learning_rates is empty"),
                Arguments.of("pct_start of 0", VALID.replace("constant, cosine,", "{type: one_cycle, pct_start: 0}, cosine,"),
                        "grid.schedules[0].pct_start must lie in (0, 1), got 0"),
                Arguments.of("a schedule missing its required parameter", VALID.replace("constant, cosine,", "step, cosine,"),
                        "grid.schedules[0].step_size is required for step"),
                Arguments.of("a negative validation fraction", VALID.replace("validation: 0.2", "validation: -0.1"),
                        "data.validation must be a fraction in [0, 1) or a path"),
                Arguments.of("a reader option Spark would hand to Hadoop",
                        VALID.replace("label: y", "label: y\n  options: {fs.file.impl: org.example.Evil}"),
                        "data.options.fs.file.impl is not a csv reader option"),
                Arguments.of("a misspelt reader option, with the closest name",
                        VALID.replace("label: y", "label: y\n  options: {delimeter: ';'}"),
                        "data.options.delimeter is not a csv reader option (did you mean delimiter?)"),
                Arguments.of("a csv option on parquet data",
                        VALID.replace("format: csv", "format: parquet\n  options: {header: 'true'}"),
                        "data.options.header is not a parquet reader option; parquet takes basePath, datetimeRebaseMode,"),
                Arguments.of("a class name as the data format", VALID.replace("format: csv",
                                "format: org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat"),
                        "data.format must be one of parquet, csv, libsvm, orc, json, got org.apache.spark"),
                Arguments.of("a class name as the model", VALID.replace("type: logistic",
                                "type: org.apache.spark.ml.classification.LogisticRegression"),
                        "model.type must be one of linear, logistic, softmax, got org.apache.spark"),
                Arguments.of("a class name as an optimizer", VALID.replace("[sgd, momentum,", "[sgd, java.lang.Runtime,"),
                        "grid.optimizers[1].type names no optimizer: java.lang.Runtime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @DisplayName("a bad sweep file is refused with one line that names the key")
    void aBadSweepFileIsRefusedWithOneLineThatNamesTheKey(String what, String yaml, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(2, e.exitCode());
    }
}
