package dev.lrsweep.core.rangetest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RangeTestBudgetTest {

    static double cost(int[] batches, int[] runs, int[] steps) {
        double c = 0;
        for (int i = 0; i < batches.length; i++) {
            c += (double) runs[i] * steps[i] * batches[i];
        }
        return c;
    }

    @Test
    @DisplayName("with money enough every run gets its full length")
    void withMoneyEnoughEveryRunGetsItsFullLength() {
        int[] batches = {16, 64};
        int[] runs = {6, 6};
        int[] steps = RangeTestBudget.steps(batches, runs, 200, (i, s) -> (double) s * batches[i], 1e9);
        assertArrayEquals(new int[] {200, 200}, steps);
    }

    @Test
    @DisplayName("a tight budget shortens the largest batch sizes first and is never exceeded above the fewest steps")
    void aTightBudgetShortensTheLargestBatchSizesFirst() {
        int[] batches = {32, 1438, 128};
        int[] runs = {9, 3, 9};
        double sweep = 1.0e7;
        int[] steps = RangeTestBudget.steps(batches, runs, 200, (i, s) -> (double) s * batches[i], sweep);
        assertTrue(steps[0] == 200 && steps[2] == 200, "small batches are cheap: " + java.util.Arrays.toString(steps));
        assertTrue(steps[1] < 200 && steps[1] >= RangeTestBudget.FEWEST_STEPS, java.util.Arrays.toString(steps));
        assertTrue(cost(batches, runs, steps) <= 0.1 * sweep);
        assertTrue(cost(batches, runs, new int[] {steps[0], steps[1] + 1, steps[2]}) > 0.1 * sweep, "the longest that fits");
    }

    @Test
    @DisplayName("below the fewest steps the budget gives way, and the runs keep that many")
    void belowTheFewestStepsTheBudgetGivesWay() {
        int[] batches = {1000};
        int[] runs = {3};
        int[] steps = RangeTestBudget.steps(batches, runs, 200, (i, s) -> (double) s * batches[i], 1e5);
        assertArrayEquals(new int[] {RangeTestBudget.FEWEST_STEPS}, steps);
    }
}
