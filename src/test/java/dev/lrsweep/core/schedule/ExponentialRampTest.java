package dev.lrsweep.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExponentialRampTest {

    @Test
    @DisplayName("the ramp starts at from, reaches to at its last update, and stays there")
    void theRampStartsAtFromAndReachesToAtItsLastUpdate() {
        ExponentialRamp ramp = new ExponentialRamp(1e-7, 10, 201);
        assertEquals(1e-7, ramp.rate(0), 0);
        assertEquals(10, ramp.rate(200), 1e-12);
        assertEquals(10, ramp.rate(500), 1e-12);
        assertEquals(25, ramp.stepsPerDecade(), 1e-12);
    }

    @Test
    @DisplayName("equal numbers of updates cover equal ratios of rate: a decade every 25 updates")
    void equalNumbersOfUpdatesCoverEqualRatiosOfRate() {
        ExponentialRamp ramp = new ExponentialRamp(1e-7, 10, 201);
        for (int k = 0; k + 25 <= 200; k += 25) {
            assertEquals(10, ramp.rate(k + 25) / ramp.rate(k), 1e-9);
        }
        for (int k = 1; k <= 200; k++) {
            assertEquals(Math.pow(10, 1.0 / 25), ramp.rate(k) / ramp.rate(k - 1), 1e-12);
        }
    }

    @Test
    @DisplayName("a ramp needs 0 < from < to and two updates")
    void aRampNeedsIncreasingPositiveBoundsAndTwoUpdates() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialRamp(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialRamp(1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialRamp(1e-3, 1, 1));
    }
}
