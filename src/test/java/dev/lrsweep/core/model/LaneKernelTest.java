package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lrsweep.core.RandomArrays;
import dev.lrsweep.core.data.SplitMix64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LaneKernelTest {

    @Test
    @DisplayName("the lane kernel this JVM chose gives the scalar kernel's bits for every shape and block width up to 19")
    void theChosenLaneKernelGivesTheScalarBits() {
        LaneKernel chosen = LaneKernel.INSTANCE;
        LaneKernel scalar = new LaneKernel.Scalar();
        assertNotEquals(LaneKernel.Scalar.class, chosen.getClass(), "the tests run with the vector module");
        SplitMix64 r = new SplitMix64(43);
        for (int trials = 1; trials <= 19; trials += trials < 10 ? 1 : 3) {
            for (int rows = 1; rows <= 9; rows += 4) {
                for (int n = 1; n <= 9; n += 2) {
                    for (int m = 1; m <= 10; m += 3) {
                        int w = 5 * trials;
                        int b = w + n * m * trials;
                        double[] p = RandomArrays.random(r, b + m * trials + 3, -2, 2);
                        double[] a = RandomArrays.random(r, rows * n * trials, -2, 2);
                        double[] s = RandomArrays.random(r, rows * m * trials, -2, 2);
                        String shape = trials + " trials, " + rows + " rows, " + n + " → " + m;
                        double[] z1 = new double[rows * m * trials];
                        double[] z2 = new double[rows * m * trials];
                        chosen.forward(a, rows, n, m, trials, p, w, b, z1);
                        scalar.forward(a, rows, n, m, trials, p, w, b, z2);
                        assertArrayEquals(z2, z1, 0.0, "forward, " + shape);
                        double[] g1 = new double[p.length];
                        double[] g2 = new double[p.length];
                        chosen.backwardWeights(a, rows, n, m, trials, s, g1, w, b);
                        scalar.backwardWeights(a, rows, n, m, trials, s, g2, w, b);
                        assertArrayEquals(g2, g1, 0.0, "weight gradients, " + shape);
                        double[] d1 = new double[rows * n * trials];
                        double[] d2 = new double[rows * n * trials];
                        chosen.backwardInputs(s, rows, n, m, trials, p, w, d1);
                        scalar.backwardInputs(s, rows, n, m, trials, p, w, d2);
                        assertArrayEquals(d2, d1, 0.0, "input slopes, " + shape);
                    }
                }
            }
        }
    }
}
