package dev.lrsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A seeded permutation of row positions, one position at a time. */
class RowPermutationTest {

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(longs = {1, 2, 3, 7, 100, 1000, 4097, 65536})
    @DisplayName("the ranks of positions 0 … n − 1 are exactly 0 … n − 1, in an order the seed chooses")
    void theRanksArePermutation(long n) {
        RowPermutation p = new RowPermutation(n, 17);
        long[] ranks = new long[(int) n];
        for (int i = 0; i < n; i++) {
            ranks[i] = p.rank(i);
        }
        long[] sorted = ranks.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
        if (n >= 100) {
            long[] other = new long[(int) n];
            RowPermutation q = new RowPermutation(n, 18);
            int fixed = 0;
            for (int i = 0; i < n; i++) {
                other[i] = q.rank(i);
                fixed += ranks[i] == i ? 1 : 0;
            }
            assertNotEquals(Arrays.toString(ranks), Arrays.toString(other), "another seed, another order");
            assertTrue(fixed < n / 10, "few positions keep their place: " + fixed);
        }
    }
}
