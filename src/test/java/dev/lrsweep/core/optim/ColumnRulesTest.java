package dev.lrsweep.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.RandomArrays;
import dev.lrsweep.core.data.SplitMix64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ColumnRulesTest {

    @Test
    @DisplayName("the rules' loops this JVM chose give the scalar loops' bits for every width and range of trials")
    void theChosenLoopsGiveTheScalarBitsForEveryWidthAndRange() {
        assertTrue(ColumnRules.INSTANCE instanceof VectorColumnRules, "tests run with the vector module");
        ColumnRules scalar = new ColumnRules.Scalar();
        List<Sgd> sgds = List.of(new Sgd(0, 0, false, 0), new Sgd(0.9, 0, false, 0), new Sgd(0.9, 0.1, true, 0.01),
                new Sgd(0, 0, false, 0.1));
        List<Adam> adams = List.of(new Adam(0.9, 0.999, 1e-8, 0, false, false),
                new Adam(0.8, 0.99, 1e-6, 0.01, true, false), new Adam(0.9, 0.999, 1e-8, 0.01, false, true),
                new Adam(0.9, 0.999, 1e-8, 0.01, true, true));
        List<NAdam> nadams = List.of(new NAdam(0.9, 0.999, 1e-8, 0, 0.004), new NAdam(0.3, 0.99, 1e-6, 0.01, 0.004));
        List<RmsProp> rmsprops = List.of(new RmsProp(0.99, 1e-8, 0, 0, false), new RmsProp(0.9, 1e-6, 0.01, 0.9, true),
                new RmsProp(0.99, 1e-8, 0, 0.5, false), new RmsProp(0.9, 1e-8, 0.01, 0, true));
        List<Adagrad> adagrads = List.of(new Adagrad(0, 0, 0, 1e-10), new Adagrad(0.01, 0.01, 0.1, 1e-8));
        SplitMix64 r = new SplitMix64(11);
        for (int width = 1; width <= 41; width += 5) {
            for (int from = 0; from < width; from += 3) {
                int to = Math.min(width, from + 1 + r.nextInt(width - from));
                int n = 1 + r.nextInt(9);
                double[] lr = RandomArrays.positive(r, width, -2, 2);
                double[] g = RandomArrays.random(r, n * width, -2, 2);
                for (Sgd rule : sgds) {
                    for (boolean first : new boolean[] {true, false}) {
                        double[] p1 = RandomArrays.random(r, n * width, -2, 2);
                        double[] p2 = p1.clone();
                        double[] b1 = RandomArrays.random(r, n * width, -2, 2);
                        double[] b2 = b1.clone();
                        ColumnRules.INSTANCE.sgd(rule, p1, g.clone(), width, from, to, lr, b1, first);
                        scalar.sgd(rule, p2, g.clone(), width, from, to, lr, b2, first);
                        assertArrayEquals(p2, p1, 0.0, rule + " " + width + " " + from + "…" + to);
                        assertArrayEquals(b2, b1, 0.0, rule + " momentum");
                    }
                }
                for (Adam rule : adams) {
                    double[] stepSize = RandomArrays.random(r, width, -2, 2);
                    double[] shrink = RandomArrays.positive(r, width, -2, 2);
                    double[] p1 = RandomArrays.random(r, n * width, -2, 2);
                    double[] p2 = p1.clone();
                    double[] m1 = RandomArrays.random(r, n * width, -2, 2);
                    double[] m2 = m1.clone();
                    double[] v1 = RandomArrays.positive(r, n * width, -2, 2);
                    double[] v2 = v1.clone();
                    double[] x1 = RandomArrays.positive(r, n * width, -2, 2);
                    double[] x2 = x1.clone();
                    ColumnRules.INSTANCE.adam(rule, p1, g, width, from, to, stepSize, shrink, 0.7, m1, v1, x1);
                    scalar.adam(rule, p2, g, width, from, to, stepSize, shrink, 0.7, m2, v2, x2);
                    assertArrayEquals(p2, p1, 0.0, rule + " " + width + " " + from + "…" + to);
                    assertArrayEquals(m2, m1, 0.0);
                    assertArrayEquals(v2, v1, 0.0);
                    assertArrayEquals(x2, x1, 0.0);
                }
                for (NAdam rule : nadams) {
                    double[] gradCoefficient = RandomArrays.random(r, width, -2, 2);
                    double[] momentumCoefficient = RandomArrays.random(r, width, -2, 2);
                    double[][] one = {RandomArrays.random(r, n * width, -2, 2), RandomArrays.random(r, n * width, -2, 2),
                            RandomArrays.positive(r, n * width, -2, 2)};
                    double[][] two = {one[0].clone(), one[1].clone(), one[2].clone()};
                    ColumnRules.INSTANCE.nadam(rule, one[0], g, width, from, to, gradCoefficient, momentumCoefficient,
                            0.3, one[1], one[2]);
                    scalar.nadam(rule, two[0], g, width, from, to, gradCoefficient, momentumCoefficient, 0.3, two[1],
                            two[2]);
                    assertSameBits(two, one, rule + " " + width + " " + from + "…" + to);
                }
                for (RmsProp rule : rmsprops) {
                    double[][] one = {RandomArrays.random(r, n * width, -2, 2), RandomArrays.positive(r, n * width, -2, 2),
                            RandomArrays.random(r, n * width, -2, 2), RandomArrays.random(r, n * width, -2, 2)};
                    double[][] two = {one[0].clone(), one[1].clone(), one[2].clone(), one[3].clone()};
                    ColumnRules.INSTANCE.rmsprop(rule, one[0], g, width, from, to, lr, one[1], one[2], one[3]);
                    scalar.rmsprop(rule, two[0], g, width, from, to, lr, two[1], two[2], two[3]);
                    assertSameBits(two, one, rule + " " + width + " " + from + "…" + to);
                }
                for (Adagrad rule : adagrads) {
                    double[] rate = RandomArrays.random(r, width, -2, 2);
                    double[][] one = {RandomArrays.random(r, n * width, -2, 2), RandomArrays.positive(r, n * width, -2, 2)};
                    double[][] two = {one[0].clone(), one[1].clone()};
                    ColumnRules.INSTANCE.adagrad(rule, one[0], g, width, from, to, rate, one[1]);
                    scalar.adagrad(rule, two[0], g, width, from, to, rate, two[1]);
                    assertSameBits(two, one, rule + " " + width + " " + from + "…" + to);
                }
            }
        }
    }

    /** Every array of {@code actual} holds the bits of the same array of {@code expected}. */
    private static void assertSameBits(double[][] expected, double[][] actual, String what) {
        for (int k = 0; k < expected.length; k++) {
            for (int i = 0; i < expected[k].length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[k][i]), Double.doubleToRawLongBits(actual[k][i]),
                        what + ": array " + k + ", element " + i);
            }
        }
    }
}
