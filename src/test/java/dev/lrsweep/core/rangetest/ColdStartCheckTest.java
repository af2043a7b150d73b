package dev.lrsweep.core.rangetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.diagnose.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ColdStartCheckTest {

    /** Runs the checks against a verdict of each rate, as the Spark layer does round by round. */
    static ColdStartCheck.Outcome check(double ramp, DoubleFunction<Status> verdict, int budgetChecks) {
        return check(ramp, 0, verdict, budgetChecks);
    }

    static ColdStartCheck.Outcome check(double ramp, double floor, DoubleFunction<Status> verdict, int budgetChecks) {
        List<ColdStartCheck.Check> made = new ArrayList<>();
        for (double lr = ColdStartCheck.next(ramp, floor, made); !Double.isNaN(lr);
             lr = ColdStartCheck.next(ramp, floor, made)) {
            if (made.size() == budgetChecks) {
                return ColdStartCheck.of(ramp, made, true);
            }
            made.add(new ColdStartCheck.Check(lr, verdict.apply(lr)));
        }
        return ColdStartCheck.of(ramp, made, false);
    }

    @Test
    @DisplayName("a suggestion a cold start trains stably is kept, after one check and without a note")
    void aSuggestionAColdStartTrainsStablyIsKept() {
        ColdStartCheck.Outcome o = check(0.3, lr -> Status.NOISY, 10);
        assertEquals(0.3, o.suggestedLr());
        assertEquals(1, o.checks().size());
        assertEquals(Status.NOISY, o.status());
        assertNull(o.note());
    }

    @Test
    @DisplayName("a suggestion too large for a cold start falls a decade at a time to a stable rate, then tries halfway back")
    void aSuggestionTooLargeForAColdStartFallsADecadeAtATime() {
        // Adam at full batch on nearly separable data: the warm ramp never turned up; from the initial weights
        // it diverges at 10 and above and its validation loss rises from 2 up
        ColdStartCheck.Outcome o = check(660, lr -> lr >= 10 ? Status.DIVERGED : lr >= 2 ? Status.RISING : Status.OK, 10);
        assertEquals(0.66, o.suggestedLr(), 1e-12);
        assertEquals(List.of(660.0, 66.0, 6.6), o.checks().subList(0, 3).stream().map(ColdStartCheck.Check::lr)
                .map(x -> Math.round(x * 10) / 10.0).toList());
        assertEquals(Status.OK, o.status());
        assertEquals(Math.sqrt(6.6 * 0.66), o.checks().get(4).lr(), 1e-12);
        assertTrue(o.note().startsWith("cold starts: 660 diverged, 66 diverged, 6.6 rising, 0.66 ok, 2.1 rising"),
                o.note());
        ColdStartCheck.Outcome halfway = check(660, lr -> lr >= 3 ? Status.RISING : Status.OK, 10);
        assertEquals(Math.sqrt(6.6 * 0.66), halfway.suggestedLr(), 1e-12);
        assertEquals(Status.OK, halfway.status());
    }

    @Test
    @DisplayName("the checked suggestion lies below the first unstable rate and within √10 of it")
    void theCheckedSuggestionLiesInTheWindowWhenStabilityIsMonotone() {
        for (double edge : new double[] {0.0123, 0.5, 7, 49.9}) {
            for (double ramp : new double[] {0.01, 0.3, 5, 60, 1000}) {
                if (ramp / edge >= Math.pow(ColdStartCheck.DIVISOR, ColdStartCheck.MOST_DECADES - 1)) {
                    continue; // beyond the checks' reach: see the next tests
                }
                ColdStartCheck.Outcome o = check(ramp, lr -> lr >= edge ? Status.OSCILLATING : Status.OK, 10);
                if (ramp < edge) {
                    assertEquals(ramp, o.suggestedLr());
                } else {
                    assertTrue(o.suggestedLr() < edge && o.suggestedLr() >= edge / Math.sqrt(ColdStartCheck.DIVISOR),
                            ramp + " with edge " + edge + " gave " + o.suggestedLr());
                }
            }
        }
    }

    @Test
    @DisplayName("a plateaued cold start is stuck in its noise and steps down, but never below where the ramp's loss began to fall")
    void aPlateauedColdStartStepsDownButNotBelowTheFall() {
        // momentum at batch 32: from 0.81 the loss settles in its own noise; below 0.3 it falls clearly
        ColdStartCheck.Outcome o = check(0.81, 0.0017, lr -> lr > 0.3 ? Status.PLATEAUED : Status.OK, 10);
        assertEquals(Math.sqrt(0.81 * 0.081), o.suggestedLr(), 1e-12, "a tenth, then halfway back");
        ColdStartCheck.Outcome floor = check(1e-5, 5e-6, lr -> Status.PLATEAUED, 10);
        assertEquals(1, floor.checks().size(), "1e-6 lies below the fall's start, 5e-6");
        assertTrue(Double.isNaN(floor.suggestedLr()));
        assertEquals("no cold start was stable: 1e-05 plateaued", floor.note());
    }

    @Test
    @DisplayName("when no cold start is stable there is no suggestion, and the note lists the rates tried")
    void whenNoColdStartIsStableThereIsNoSuggestion() {
        ColdStartCheck.Outcome o = check(1, lr -> Status.DIVERGED, 10);
        assertTrue(Double.isNaN(o.suggestedLr()));
        assertEquals(ColdStartCheck.MOST_DECADES, o.checks().size());
        assertNull(o.status());
        assertEquals("no cold start was stable: 1 diverged, 0.1 diverged, 0.01 diverged, 0.001 diverged", o.note());
    }

    @Test
    @DisplayName("when the budget runs out the next rate down is suggested unchecked, and the note says so")
    void whenTheBudgetRunsOutTheNextRateDownIsSuggestedUnchecked() {
        ColdStartCheck.Outcome o = check(5, lr -> Status.RISING, 1);
        assertEquals(0.5, o.suggestedLr(), 1e-12);
        assertTrue(o.note().endsWith("0.5 not checked: the range test's budget was spent"), o.note());
        ColdStartCheck.Outcome none = check(5, lr -> Status.OK, 0);
        assertEquals(5, none.suggestedLr());
        assertTrue(none.checks().isEmpty());
    }

    @Test
    @DisplayName("a range test that found no fall has nothing to check")
    void aRangeTestThatFoundNoFallHasNothingToCheck() {
        assertTrue(Double.isNaN(ColdStartCheck.next(Double.NaN, Double.NaN, List.of())));
        assertTrue(Double.isNaN(check(Double.NaN, lr -> Status.OK, 10).suggestedLr()));
    }
}
