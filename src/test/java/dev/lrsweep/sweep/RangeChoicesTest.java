package dev.lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.batch.ScalingRule;
import dev.lrsweep.errors.ConfigException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sweep file's range choices: an automatic ladder, a ladder scaled with the batch size, the range test. */
class RangeChoicesTest {
    static final String LADDER = "{from: 1e-4, to: 1.0, per_decade: 2}";
    static final String SWEEP = """
            data: {path: data/x}
            model: {type: linear}
            grid:
              learning_rates: %s
              batch_sizes: [16, 64, 256]
              optimizers: [sgd, adam]
            """;

    static SweepConfig parse(String ladder, String more) {
        return SweepFile.parse(SWEEP.formatted(ladder) + more, "t");
    }

    @Test
    @DisplayName("learning_rates: auto and {type: auto} ask for a ladder the range test lays, with their settings")
    void autoAsksForALadderTheRangeTestLays() {
        SweepConfig plain = parse("auto", "");
        assertEquals(new SweepConfig.AutoLadder(3, 2), plain.grid().auto());
        assertEquals(List.of(), plain.grid().learningRates());
        assertThrows(IllegalStateException.class, () -> Grid.expand(plain));
        SweepConfig given = parse("{type: auto, per_decade: 4, span: 1.5}", "");
        assertEquals(new SweepConfig.AutoLadder(4, 1.5), given.grid().auto());
        assertEquals(given, SweepFile.parse(ResolvedSweep.yaml(given), "t"), "the resolved sweep keeps auto");
        SweepConfig laid = given.withLearningRates(List.of(0.01, 0.1));
        assertNull(laid.grid().auto());
        assertTrue(ResolvedSweep.yaml(laid).contains("learning_rates:\n  - 0.01\n  - 0.1"), ResolvedSweep.yaml(laid));
        assertEquals(laid, SweepFile.parse(ResolvedSweep.yaml(laid), "t"), "the laid ladder is written out");
    }

    @Test
    @DisplayName("the range test's settings default to 1e-7 → 1000 over 200 updates, 3 seeds, stop at 4 ×")
    void theRangeTestsSettingsHaveDefaults() {
        assertEquals(new SweepConfig.RangeTest(1e-7, 1e3, 200, 3, 4), parse(LADDER, "").rangeTest());
        SweepConfig c = parse(LADDER, "range_test: {from: 1e-6, to: 10, steps: 120, seeds: 2, stop_factor: 5}\n");
        assertEquals(new SweepConfig.RangeTest(1e-6, 10, 120, 2, 5), c.rangeTest());
        assertEquals(c, SweepFile.parse(ResolvedSweep.yaml(c), "t"));
    }

    @Test
    @DisplayName("scale_lr_with_batch carries the ladder from its reference batch size to each other, and the trials"
            + " keep the rates they ran")
    void scaleLrWithBatchCarriesTheLadderToEachBatchSize() {
        SweepConfig linear = parse("[0.01, 0.1]", "").withOutput("x");
        SweepConfig scaled = SweepFile.parse(SWEEP.formatted("[0.01, 0.1]").replace("optimizers:",
                "scale_lr_with_batch: {rule: linear, reference: 64}\n  optimizers:"), "t");
        assertEquals(new SweepConfig.BatchScaling(ScalingRule.LINEAR, 64), scaled.grid().scaleWithBatch());
        assertEquals(scaled, SweepFile.parse(ResolvedSweep.yaml(scaled), "t"));
        List<TrialSpec> trials = Grid.expand(scaled);
        assertEquals(Grid.expand(linear).size(), trials.size());
        for (TrialSpec t : trials) {
            double base = t.learningRate() / (t.batchSize() / 64.0);
            assertTrue(Math.abs(base - 0.01) < 1e-15 || Math.abs(base - 0.1) < 1e-15, t.toString());
        }
        SweepConfig root = SweepFile.parse(SWEEP.formatted("[0.01]").replace("optimizers:",
                "scale_lr_with_batch: {rule: sqrt, reference: 16}\n  optimizers:"), "t");
        assertEquals(List.of(0.01, 0.02, 0.04), Grid.expand(root).stream().filter(t -> t.optimizerReadable()
                .equals("sgd")).map(TrialSpec::learningRate).toList());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a ladder type other than auto", "{type: manual}", "",
                        "grid.learning_rates.type must be auto"),
                Arguments.of("an unknown key of auto", "{type: auto, per_decad: 3}", "",
                        "grid.learning_rates.per_decad is not a known key (did you mean per_decade?)"),
                Arguments.of("a negative span", "{type: auto, span: -1}", "",
                        "grid.learning_rates.span must be a number of decades from 0 to 10"),
                Arguments.of("a range test that ramps down", LADDER, "range_test: {from: 1, to: 0.1}\n",
                        "range_test.to must be a learning rate above from"),
                Arguments.of("a range test of a few updates", LADDER, "range_test: {steps: 3}\n",
                        "range_test.steps must be at least 10, got 3"),
                Arguments.of("a stop factor of 1", LADDER, "range_test: {stop_factor: 1}\n",
                        "range_test.stop_factor must be a number above 1"),
                Arguments.of("an unknown scaling rule", LADDER, "",
                        "grid.scale_lr_with_batch.rule must be one of linear, sqrt, got square"),
                Arguments.of("a scaling without its reference", LADDER, "",
                        "grid.scale_lr_with_batch needs a reference"),
                Arguments.of("scaling to full batch", LADDER, "",
                        "grid.scale_lr_with_batch cannot scale the ladder to batch size full"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    @DisplayName("a bad range choice is refused with one line that names the key")
    void aBadRangeChoiceIsRefusedWithOneLine(String what, String ladder, String more, String message) {
        String yaml = SWEEP.formatted(ladder) + more;
        if (what.equals("an unknown scaling rule")) {
            yaml = yaml.replace("optimizers:", "scale_lr_with_batch: {rule: square, reference: 64}\n  optimizers:");
        } else if (what.equals("a scaling without its reference")) {
            yaml = yaml.replace("optimizers:", "scale_lr_with_batch: {rule: linear}\n  optimizers:");
        } else if (what.equals("scaling to full batch")) {
            yaml = yaml.replace("[16, 64, 256]", "[16, full]")
                    .replace("optimizers:", "scale_lr_with_batch: {rule: linear, reference: 16}\n  optimizers:");
        }
        String text = yaml;
        ConfigException e = assertThrows(ConfigException.class, () -> SweepFile.parse(text, "t"));
        assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    @DisplayName("the laid ladder runs from span decades below the lowest suggestion to 3 × the highest edge, on the"
            + " ladder through the powers of ten")
    void theLaidLadderBracketsEveryGroup() {
        List<LaidLadder.Bounds> groups = List.of(new LaidLadder.Bounds("sgd | batch 16", 16, 0.013, 0.2),
                new LaidLadder.Bounds("adam | batch 16", 16, 0.004, 0.05),
                new LaidLadder.Bounds("sgd | batch 64", 64, Double.NaN, Double.NaN));
        LaidLadder l = LaidLadder.lay(groups, new SweepConfig.AutoLadder(3, 2), null);
        assertEquals(List.of(2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0),
                l.rates());
        assertEquals("adam | batch 16", l.bottom().group());
        assertEquals("sgd | batch 16", l.top().group());
        assertTrue(l.rates().get(0) <= 0.004 / 100 && l.rates().get(l.rates().size() - 1) >= 0.6);
        assertTrue(l.why(new SweepConfig.AutoLadder(3, 2)).startsWith("15 rates, 2e-05 … 1 (3 per decade)"));
    }

    @Test
    @DisplayName("with scale_lr_with_batch the ladder is laid for the reference batch size")
    void withScaleLrWithBatchTheLadderIsLaidForTheReferenceBatchSize() {
        List<LaidLadder.Bounds> groups = List.of(new LaidLadder.Bounds("sgd | batch 16", 16, 0.01, 0.1),
                new LaidLadder.Bounds("sgd | batch 256", 256, 0.16, 1.6));
        LaidLadder l = LaidLadder.lay(groups, new SweepConfig.AutoLadder(1, 1),
                new SweepConfig.BatchScaling(ScalingRule.LINEAR, 16));
        assertEquals(List.of(0.001, 0.01, 0.1, 1.0), l.rates(), "both groups are the same at the reference");
    }

    @Test
    @DisplayName("a range test that saw no fall anywhere lays no ladder, and says so")
    void aRangeTestThatSawNoFallLaysNoLadder() {
        ConfigException e = assertThrows(ConfigException.class, () -> LaidLadder.lay(
                List.of(new LaidLadder.Bounds("sgd | batch 16", 16, Double.NaN, Double.NaN)),
                new SweepConfig.AutoLadder(3, 2), null));
        assertTrue(e.getMessage().startsWith("grid.learning_rates: auto found no rate at which the loss falls"));
    }
}
