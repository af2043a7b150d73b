package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.RandomArrays;
import dev.lrsweep.core.data.SplitMix64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DenseKernelTest {

    @Test
    @DisplayName("the kernel this JVM chose gives the scalar kernel's bits for every shape, every width up to 40 included")
    void theChosenKernelGivesTheScalarKernelsBitsForEveryShape() {
        DenseKernel chosen = DenseKernel.INSTANCE;
        DenseKernel scalar = new ScalarDenseKernel();
        SplitMix64 r = new SplitMix64(42);
        for (int rows = 1; rows <= 9; rows += 2) {
            for (int d = 1; d <= 13; d += 3) {
                for (int k = 1; k <= 81; k += k < 40 ? 1 : 4) {
                    double[] x = RandomArrays.random(r, rows * d, -3, 3);
                    double[] w = RandomArrays.random(r, d * k, -3, 3);
                    double[] b = RandomArrays.random(r, k, -3, 3);
                    double[] s = RandomArrays.random(r, rows * k, -3, 3);
                    double[] z1 = new double[rows * k];
                    double[] z2 = new double[rows * k];
                    chosen.forward(x, rows, d, w, b, 0, k, z1);
                    scalar.forward(x, rows, d, w, b, 0, k, z2);
                    assertArrayEquals(z2, z1, 0.0, "forward " + rows + "×" + d + "×" + k);
                    double[] g1 = new double[d * k];
                    double[] g2 = new double[d * k];
                    double[] gb1 = new double[k];
                    double[] gb2 = new double[k];
                    chosen.backward(x, rows, d, s, k, g1, gb1, 0);
                    scalar.backward(x, rows, d, s, k, g2, gb2, 0);
                    assertArrayEquals(g2, g1, 0.0, "backward " + rows + "×" + d + "×" + k);
                    assertArrayEquals(gb2, gb1, 0.0, "bias " + rows + "×" + d + "×" + k);
                    // the biases right after the weights in one array, as in a block's parameters
                    double[] both1 = new double[(d + 1) * k];
                    double[] both2 = new double[(d + 1) * k];
                    chosen.backward(x, rows, d, s, k, both1, both1, d * k);
                    scalar.backward(x, rows, d, s, k, both2, both2, d * k);
                    assertArrayEquals(both2, both1, 0.0, "backward into one array " + rows + "×" + d + "×" + k);
                }
            }
        }
    }

    @Test
    @DisplayName("tests run with the vectorised kernel, as spark-submit's JVM options give it")
    void testsRunWithTheVectorisedKernel() {
        assertTrue(DenseKernel.INSTANCE.describe().startsWith("vector"), DenseKernel.INSTANCE.describe());
    }
}
