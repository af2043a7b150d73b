package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EvaluationCadenceTest {

    private static List<Long> dueSteps(EvaluationCadence c, long total) {
        List<Long> steps = new ArrayList<>();
        for (long t = 1; t <= total; t++) {
            if (c.due(t, total)) {
                steps.add(t);
            }
        }
        return steps;
    }

    @Test
    @DisplayName("points per run fall evenly over the run and always at its last update")
    void pointsPerRunFallEvenlyOverTheRunAndAlwaysAtItsLastUpdate() {
        EvaluationCadence thirty = EvaluationCadence.pointsPerRun(30);
        List<Long> steps = dueSteps(thirty, 1000);
        assertEquals(30, steps.size());
        assertEquals(1000L, steps.get(29));
        for (int i = 1; i < steps.size(); i++) {
            long gap = steps.get(i) - steps.get(i - 1);
            assertTrue(gap == 33 || gap == 34, "gap " + gap + " before step " + steps.get(i));
        }
        assertEquals(31, thirty.count(1000));
    }

    @Test
    @DisplayName("every batch size gets the same number of points, and a short run is evaluated at every update")
    void everyBatchSizeGetsTheSameNumberOfPointsAndAShortRunIsEvaluatedAtEveryUpdate() {
        EvaluationCadence thirty = EvaluationCadence.pointsPerRun(30);
        for (long total : new long[] {30, 31, 125, 1000, 999_983}) {
            assertEquals(30, dueSteps(thirty, total).size(), "a run of " + total);
            assertEquals(31, thirty.count(total));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L),
                dueSteps(thirty, 20));
        assertEquals(21, thirty.count(20));
    }

    @Test
    @DisplayName("every N updates evaluates at the multiples of N and at the last update")
    void everyNUpdatesEvaluatesAtTheMultiplesOfNAndAtTheLastUpdate() {
        EvaluationCadence fifty = EvaluationCadence.everyUpdates(50);
        assertEquals(List.of(50L, 100L, 125L), dueSteps(fifty, 125));
        assertEquals(4, fifty.count(125));
        assertEquals(3, fifty.count(100));
    }

    @Test
    @DisplayName("the points are exact for runs too long for t times E to fit in a long")
    void thePointsAreExactForRunsTooLongForTTimesEToFitInALong() {
        EvaluationCadence many = EvaluationCadence.pointsPerRun(1_000_000);
        long total = Long.MAX_VALUE / 2;
        assertTrue(many.due(total, total));
        assertTrue(!many.due(total - 1, total));
        long first = total / 1_000_000 + 1;
        assertTrue(many.due(first, total));
        assertTrue(!many.due(first - 1, total));
    }

    @Test
    @DisplayName("a cadence is either every N updates or N points, never both or neither")
    void aCadenceIsEitherEveryNUpdatesOrNPoints() {
        assertThrows(IllegalArgumentException.class, () -> new EvaluationCadence(5, 5));
        assertThrows(IllegalArgumentException.class, () -> new EvaluationCadence(0, 0));
        assertEquals("evaluations: 30", EvaluationCadence.pointsPerRun(30).toString());
        assertEquals("eval_every: 50", EvaluationCadence.everyUpdates(50).toString());
    }
}
