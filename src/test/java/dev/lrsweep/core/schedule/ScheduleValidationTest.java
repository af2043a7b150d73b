package dev.lrsweep.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleValidationTest {

    static SpecException refused(Spec spec, double alpha, long total) {
        return assertThrows(SpecException.class, () -> Schedules.create(spec, alpha, total));
    }

    @Test
    @DisplayName("a warm-up as long as the run or longer is refused, for the wrapper and for warmup_cosine")
    void aWarmupAsLongAsTheRunIsRefused() {
        SpecException wrapped = refused(Spec.of("cosine", "warmup_steps", 100), 0.1, 100);
        assertEquals("warmup_steps", wrapped.key());
        assertTrue(wrapped.getMessage().contains("must be shorter than the run (100 steps)"), wrapped.getMessage());
        assertEquals("warmup_steps", refused(Spec.of("constant", "warmup_steps", 250), 0.1, 100).key());
        assertEquals("warmup_steps", refused(Spec.of("warmup_cosine", "warmup_steps", 100), 0.1, 100).key());
        assertEquals("warmup_fraction", refused(Spec.of("warmup_cosine", "warmup_fraction", 1.0), 0.1, 100).key());
        assertEquals("warmup_fraction", refused(Spec.of("warmup_cosine", "warmup_fraction", -0.1), 0.1, 100).key());

        Schedule justShorter = Schedules.create(Spec.of("cosine", "warmup_steps", 99), 0.1, 100).schedule();
        assertEquals(0.1, justShorter.rate(99), 1e-15, "the one step left after the warm-up starts at α");
    }

    @Test
    @DisplayName("warmup_cosine needs exactly one of warmup_steps and warmup_fraction")
    void warmupCosineNeedsExactlyOneWarmupLength() {
        assertEquals("warmup_steps", refused(Spec.of("warmup_cosine"), 0.1, 100).key());
        assertEquals("warmup_steps",
                refused(Spec.of("warmup_cosine", "warmup_steps", 10, "warmup_fraction", 0.1), 0.1, 100).key());
    }

    @Test
    @DisplayName("a warm-up start factor outside (0, 1] is refused")
    void aWarmupStartFactorOutsideTheUnitIntervalIsRefused() {
        assertEquals("warmup_start_factor",
                refused(Spec.of("constant", "warmup_steps", 10, "warmup_start_factor", 0), 0.1, 100).key());
        assertEquals("warmup_start_factor",
                refused(Spec.of("constant", "warmup_steps", 10, "warmup_start_factor", 1.5), 0.1, 100).key());
    }

    @ParameterizedTest(name = "pct_start {0}")
    @ValueSource(doubles = {0.0, 1.0, -0.2, 1.5})
    @DisplayName("a one-cycle pct_start outside (0, 1) is refused")
    void aOneCyclePctStartOutsideTheOpenUnitIntervalIsRefused(double pctStart) {
        SpecException e = refused(Spec.of("one_cycle", "pct_start", pctStart), 0.1, 1000);
        assertEquals("pct_start", e.key());
        assertTrue(e.getMessage().contains("must lie in (0, 1)"), e.getMessage());
    }

    @Test
    @DisplayName("a one-cycle pct_start that leaves a phase without steps is refused")
    void aOneCyclePctStartThatLeavesAPhaseWithoutStepsIsRefused() {
        SpecException e = refused(Spec.of("one_cycle", "pct_start", 0.01), 0.1, 50);
        assertEquals("pct_start", e.key());
        assertTrue(e.getMessage().contains("leaves a phase with no steps"), e.getMessage());
    }

    @Test
    @DisplayName("step without step_size is refused as missing, and step_size 0 as too small")
    void stepWithoutStepSizeIsRefused() {
        SpecException missing = refused(Spec.of("step", "gamma", 0.5), 0.1, 100);
        assertEquals("step_size", missing.key());
        assertEquals("step_size is required for step", missing.getMessage());
        assertEquals("step_size", refused(Spec.of("step", "step_size", 0), 0.1, 100).key());
        assertEquals("gamma", refused(Spec.of("exponential"), 0.1, 100).key());
        assertEquals("decay_rate", refused(Spec.of("inverse_time", "decay_steps", 10), 0.1, 100).key());
    }

    @Test
    @DisplayName("milestones that go down, are not whole or start below 1 are refused")
    void milestonesThatAreNotIncreasingAreRefused() {
        SpecException down = refused(Spec.of("multistep", "milestones", List.of(100, 50)), 0.1, 200);
        assertEquals("milestones", down.key());
        assertTrue(down.getMessage().contains("non-decreasing order"), down.getMessage());
        assertEquals("milestones", refused(Spec.of("multistep", "milestones", List.of(10.5, 50)), 0.1, 200).key());
        assertEquals("milestones", refused(Spec.of("multistep", "milestones", List.of(0, 50)), 0.1, 200).key());
        assertEquals("milestones", refused(Spec.of("multistep"), 0.1, 200).key());
    }

    @Test
    @DisplayName("an unknown schedule type is refused with the closest known type and the full list")
    void anUnknownScheduleTypeIsRefusedWithADidYouMeanHint() {
        SpecException e = refused(Spec.of("cosin"), 0.1, 100);
        assertEquals("type", e.key());
        assertTrue(e.getMessage().contains("names no schedule: cosin (did you mean cosine?)"), e.getMessage());
        assertTrue(e.getMessage().contains("known: " + String.join(", ", Schedules.TYPES)), e.getMessage());
        SpecException far = refused(Spec.of("reduce_on_plateau"), 0.1, 100);
        assertTrue(!far.getMessage().contains("did you mean"), far.getMessage());
    }

    @ParameterizedTest(name = "alpha {0}")
    @ValueSource(doubles = {-0.1, 0.0, Double.NaN, Double.POSITIVE_INFINITY})
    @DisplayName("a base rate that is not a positive finite number is refused")
    void aBaseRateThatIsNotPositiveIsRefused(double alpha) {
        SpecException e = refused(Spec.of("constant"), alpha, 100);
        assertEquals("learning_rate", e.key());
    }

    @Test
    @DisplayName("a run of no steps is refused, and so are negative or non-finite parameters")
    void aRunOfNoStepsIsRefused() {
        assertEquals("steps", refused(Spec.of("constant"), 0.1, 0).key());
        assertEquals("eta_min", refused(Spec.of("cosine", "eta_min", -1e-4), 0.1, 100).key());
        assertEquals("power", refused(Spec.of("polynomial", "power", -1), 0.1, 100).key());
        assertEquals("gamma", refused(Spec.of("step", "step_size", 10, "gamma", 0), 0.1, 100).key());
        assertEquals("gamma", refused(Spec.of("exponential", "gamma", Double.NaN), 0.1, 100).key());
        assertEquals("base_lr", refused(Spec.of("cyclic", "base_lr", 1.5), 0.1, 100).key());
        assertEquals("mode", refused(Spec.of("cyclic", "mode", "sawtooth"), 0.1, 100).key());
    }
}
