package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.RandomArrays;
import dev.lrsweep.core.data.SplitMix64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ColumnSumsTest {

    @Test
    @DisplayName("the per-trial sums this JVM chose give the scalar sums' bits for every width and length")
    void theChosenSumsGiveTheScalarBitsForEveryWidthAndLength() {
        assertTrue(ColumnSums.INSTANCE instanceof VectorColumnSums, "tests run with the vector module");
        ColumnSums scalar = new ColumnSums.Scalar();
        SplitMix64 r = new SplitMix64(7);
        for (int width = 1; width <= 41; width += 4) {
            for (int n = 1; n <= 11; n++) {
                double[] g = RandomArrays.random(r, n * width, -3, 3);
                double[] norms1 = new double[width];
                double[] norms2 = new double[width];
                ColumnSums.INSTANCE.norms(g, width, norms1);
                scalar.norms(g, width, norms2);
                assertArrayEquals(norms2, norms1, 0.0, "norms " + width + "×" + n);
                double[] params = RandomArrays.random(r, n * width, -3, 3);
                params[r.nextInt(params.length)] = r.nextInt(2) == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
                double[] before = RandomArrays.random(r, n * width, -3, 3);
                double[] last1 = RandomArrays.random(r, n * width, -3, 3);
                double[] last2 = last1.clone();
                double[] sums1 = new double[5 * width];
                double[] sums2 = new double[5 * width];
                ColumnSums.INSTANCE.updateSums(params, before, last1, width, sums1);
                scalar.updateSums(params, before, last2, width, sums2);
                assertArrayEquals(sums2, sums1, 0.0, "update sums " + width + "×" + n);
                assertArrayEquals(last2, last1, 0.0, "updates " + width + "×" + n);
            }
        }
    }
}
