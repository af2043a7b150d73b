package dev.lrsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    @DisplayName("the generator reproduces the reference SplitMix64 sequence")
    void theGeneratorReproducesTheReferenceSequence() {
        SplitMix64 zero = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, zero.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, zero.nextLong());
        assertEquals(0x06C45D188009454FL, zero.nextLong());
        SplitMix64 answer = new SplitMix64(42);
        assertEquals(-4767286540954276203L, answer.nextLong());
        assertEquals(2949826092126892291L, answer.nextLong());
    }

    @Test
    @DisplayName("the same seed gives the same sequence and another seed a different one")
    void theSameSeedGivesTheSameSequence() {
        SplitMix64 a = new SplitMix64(123);
        SplitMix64 b = new SplitMix64(123);
        SplitMix64 c = new SplitMix64(124);
        boolean differs = false;
        for (int i = 0; i < 1000; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            differs |= x != c.nextLong();
        }
        assertTrue(differs);
        assertEquals(new SplitMix64(5).nextGaussian(), new SplitMix64(5).nextGaussian());
        assertEquals(SplitMix64.derive(7, 3), SplitMix64.derive(7, 3));
        assertNotEquals(SplitMix64.derive(7, 3), SplitMix64.derive(7, 4));
        assertNotEquals(SplitMix64.derive(7, 3), SplitMix64.derive(8, 3));
    }

    @Test
    @DisplayName("a shuffle is a permutation, the same for the same seed and not the identity")
    void aShuffleIsAPermutation() {
        int[] a = new int[1000];
        Arrays.setAll(a, i -> i);
        int[] b = a.clone();
        new SplitMix64(9).shuffle(a);
        new SplitMix64(9).shuffle(b);
        assertArrayEquals(a, b);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        int[] identity = new int[1000];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
        assertFalse(Arrays.equals(identity, a));
        int[] other = identity.clone();
        new SplitMix64(10).shuffle(other);
        assertFalse(Arrays.equals(a, other));

        int[] empty = new int[0];
        new SplitMix64(1).shuffle(empty);
        int[] one = {7};
        new SplitMix64(1).shuffle(one);
        assertArrayEquals(new int[] {7}, one);
    }

    @Test
    @DisplayName("a shuffle puts every element in every position about equally often")
    void aShufflePutsEveryElementInEveryPositionAboutEquallyOften() {
        int n = 5;
        int trials = 50_000;
        int[][] counts = new int[n][n];
        SplitMix64 random = new SplitMix64(77);
        for (int t = 0; t < trials; t++) {
            int[] a = {0, 1, 2, 3, 4};
            random.shuffle(a);
            for (int position = 0; position < n; position++) {
                counts[a[position]][position]++;
            }
        }
        double expected = (double) trials / n;
        for (int[] row : counts) {
            for (int count : row) {
                assertEquals(expected, count, 5 * Math.sqrt(expected), "counts " + Arrays.deepToString(counts));
            }
        }
    }

    @Test
    @DisplayName("nextInt stays in range and is roughly uniform, also for bounds that are not powers of two")
    void nextIntStaysInRangeAndIsRoughlyUniform() {
        for (int bound : new int[] {1, 2, 7, 10, 1000}) {
            SplitMix64 random = new SplitMix64(bound);
            int cells = Math.min(bound, 10);
            long[] counts = new long[cells];
            int draws = 100_000;
            for (int i = 0; i < draws; i++) {
                int v = random.nextInt(bound);
                assertTrue(v >= 0 && v < bound, v + " out of [0, " + bound + ")");
                counts[(int) ((long) v * cells / bound)]++;
            }
            if (cells > 1) {
                // Cells of (nearly) equal width; chi-square with cells − 1 degrees of freedom, far below its 0.1% tail.
                double chiSquare = 0;
                for (int c = 0; c < cells; c++) {
                    long lo = ((long) c * bound + cells - 1) / cells;
                    long hi = ((long) (c + 1) * bound + cells - 1) / cells;
                    double expected = (double) draws * (hi - lo) / bound;
                    chiSquare += (counts[c] - expected) * (counts[c] - expected) / expected;
                }
                assertTrue(chiSquare < 30, "chi-square " + chiSquare + " for bound " + bound + ": "
                        + Arrays.toString(counts));
            }
        }
        SplitMix64 random = new SplitMix64(3);
        int big = (1 << 30) + (1 << 29);
        for (int i = 0; i < 10_000; i++) {
            int v = random.nextInt(big);
            assertTrue(v >= 0 && v < big);
        }
        assertThrows(IllegalArgumentException.class, () -> new SplitMix64(1).nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> new SplitMix64(1).nextInt(-5));
    }

    @Test
    @DisplayName("nextDouble lies in [0, 1) and nextGaussian has mean 0 and variance 1")
    void nextDoubleLiesInTheUnitIntervalAndNextGaussianIsStandard() {
        SplitMix64 random = new SplitMix64(11);
        double sum = 0;
        double squares = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            assertTrue(u >= 0 && u < 1);
            double g = random.nextGaussian();
            assertTrue(Double.isFinite(g));
            sum += g;
            squares += g * g;
        }
        assertEquals(0.0, sum / n, 0.02);
        assertEquals(1.0, squares / n, 0.02);
    }
}
