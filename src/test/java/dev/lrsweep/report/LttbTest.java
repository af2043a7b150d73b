package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LttbTest {
    static double[] range(int n) {
        return IntStream.range(0, n).asDoubleStream().toArray();
    }

    @Test
    @DisplayName("a series with no more points than asked for is kept whole")
    void aShortSeriesIsKeptWhole() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Lttb.select(range(5), new double[] {3, 1, 4, 1, 5}, 5));
        assertArrayEquals(new int[] {0, 1}, Lttb.select(range(2), new double[] {3, 1}, 64));
    }

    @Test
    @DisplayName("a long series keeps exactly the points asked for, increasing, with its first and last")
    void aLongSeriesKeepsExactlyThePointsAskedFor() {
        double[] y = IntStream.range(0, 1000).mapToDouble(i -> Math.sin(i / 30.0) + 0.1 * Math.cos(i * 7.0)).toArray();
        int[] kept = Lttb.select(range(1000), y, 64);
        assertEquals(64, kept.length);
        assertEquals(0, kept[0]);
        assertEquals(999, kept[63]);
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "indices increase: " + Arrays.toString(kept));
        }
    }

    @Test
    @DisplayName("a single spike survives downsampling, where every k-th point would step over it")
    void aSpikeSurvives() {
        double[] y = new double[1000];
        Arrays.fill(y, 1.0);
        y[517] = 50;
        int[] kept = Lttb.select(range(1000), y, 20);
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 517), Arrays.toString(kept));
    }

    @Test
    @DisplayName("a step, such as a step schedule's drop, keeps a point on each side of it")
    void aStepKeepsAPointOnEachSide() {
        double[] y = IntStream.range(0, 500).mapToDouble(i -> i < 250 ? 0.1 : 0.01).toArray();
        int[] kept = Lttb.select(range(500), y, 10);
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 249 || i == 250), Arrays.toString(kept));
    }

    @Test
    @DisplayName("fewer than three points cannot be asked for")
    void fewerThanThreePointsCannotBeAskedFor() {
        assertThrows(IllegalArgumentException.class, () -> Lttb.select(range(10), range(10), 2));
    }
}
