package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultiLayerPerceptronTest {
    static final int FEATURES = 5;
    static final int CLASSES = 3;

    static Stream<Arguments> kinds() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (String output : List.of("linear", "logistic", "softmax")) {
                out.add(Arguments.of(a, output));
            }
        }
        return out.stream();
    }

    static DataBlock data(String output, int rows, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        double[][] x = new double[rows][FEATURES];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = switch (output) {
                case "linear" -> x[i][0] - 2 * x[i][1] + r.nextGaussian();
                case "logistic" -> r.nextInt(2);
                default -> r.nextInt(CLASSES);
            };
        }
        return DataBlock.of(x, y);
    }

    static MultiLayerPerceptron model(Activation a, String output, List<Integer> hidden) {
        return new MultiLayerPerceptron(FEATURES, hidden, a, output, CLASSES);
    }

    /** Trial t's parameters taken out of a block in block layout. */
    static double[] column(double[] block, int trials, int t) {
        double[] out = new double[block.length / trials];
        for (int i = 0; i < out.length; i++) {
            out[i] = block[i * trials + t];
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {1} output")
    @MethodSource("kinds")
    @DisplayName("the gradient matches central differences of the loss, through two hidden layers")
    void theGradientMatchesCentralDifferences(Activation activation, String output) {
        MultiLayerPerceptron model = model(activation, output, List.of(4, 3));
        DataBlock data = data(output, 6, 3);
        double[] p = model.initialParameters(11, 1.5);
        double[] g = new double[p.length];
        double[] loss = new double[1];
        Workspace ws = new Workspace();
        model.lossAndGradients(ws, p, 1, data, null, 0, 6, g, loss);
        double h = 1e-6;
        for (int i = 0; i < p.length; i++) {
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += h;
            down[i] -= h;
            double[] lu = new double[1];
            double[] ld = new double[1];
            model.meanLosses(ws, up, 1, data, null, 0, 6, lu);
            model.meanLosses(ws, down, 1, data, null, 0, 6, ld);
            double numeric = (lu[0] - ld[0]) / (2 * h);
            assertEquals(numeric, g[i], 1e-7 + 1e-6 * Math.abs(numeric), "parameter " + i);
        }
        double[] mean = new double[1];
        model.meanLosses(ws, p, 1, data, null, 0, 6, mean);
        assertEquals(mean[0], loss[0], 1e-15 * Math.abs(mean[0]), "the batch loss is the mean loss");
    }

    @ParameterizedTest(name = "{0}, {1} output")
    @MethodSource("kinds")
    @DisplayName("a block's losses and gradients are each trial's alone, bit for bit, at every width up to 21")
    void aBlocksLossesAndGradientsAreEachTrialsAlone(Activation activation, String output) {
        MultiLayerPerceptron model = model(activation, output, List.of(6, 5));
        DataBlock data = data(output, 40, 5);
        int[] order = new int[40];
        for (int i = 0; i < 40; i++) {
            order[i] = (i * 7) % 40;
        }
        int n = model.parameterCount();
        for (int trials = 1; trials <= 21; trials += trials < 10 ? 1 : 4) {
            double[] block = new double[n * trials];
            for (int t = 0; t < trials; t++) {
                double[] p = model.initialParameters(100 + t, 0.5 + t);
                for (int i = 0; i < n; i++) {
                    block[i * trials + t] = p[i];
                }
            }
            double[] gradients = new double[n * trials];
            double[] losses = new double[trials];
            double[] means = new double[trials];
            Workspace ws = new Workspace();
            model.lossAndGradients(ws, block, trials, data, order, 3, 35, gradients, losses);
            model.meanLosses(ws, block, trials, data, order, 0, 40, means);
            for (int t = 0; t < trials; t++) {
                double[] p = column(block, trials, t);
                double[] g = new double[n];
                double[] loss = new double[1];
                double[] mean = new double[1];
                Workspace alone = new Workspace();
                model.lossAndGradients(alone, p, 1, data, order, 3, 35, g, loss);
                model.meanLosses(alone, p, 1, data, order, 0, 40, mean);
                String what = trials + " trials, trial " + t;
                assertArrayEquals(g, column(gradients, trials, t), 0.0, what);
                assertEquals(Double.doubleToLongBits(loss[0]), Double.doubleToLongBits(losses[t]), what);
                assertEquals(Double.doubleToLongBits(mean[0]), Double.doubleToLongBits(means[t]), what);
            }
        }
    }

    @Test
    @DisplayName("the layout is each layer's nn.Linear weight transposed, then its biases, layer after layer")
    void theLayoutIsEachLayersWeightTransposedThenItsBiases() {
        MultiLayerPerceptron m = new MultiLayerPerceptron(784, List.of(128, 64), Activation.RELU, "softmax", 10);
        assertEquals(3, m.layers());
        assertEquals(0, m.offset(1));
        assertEquals(785 * 128, m.offset(2));
        assertEquals(785 * 128 + 129 * 64, m.offset(3));
        assertEquals(785 * 128 + 129 * 64 + 65 * 10, m.parameterCount());
        assertEquals(10, m.width(3));
        assertEquals(1, new MultiLayerPerceptron(3, List.of(2), Activation.TANH, "logistic", 0).width(2));

        // one hidden unit, identity-like: z = relu(x·w1 + b1)·w2 + b2 checks which index is which
        MultiLayerPerceptron small = new MultiLayerPerceptron(2, List.of(2), Activation.RELU, "linear", 0);
        // W1ᵀ = [[1, 0], [0, 10]] (input j to unit h at j·2 + h), b1 = [0, 0], W2ᵀ = [[1], [1]], b2 = 0.5
        double[] p = {1, 0, 0, 10, 0, 0, 1, 1, 0.5};
        DataBlock row = DataBlock.of(new double[][] {{2, 3}}, new double[] {0});
        double[] loss = new double[1];
        small.meanLosses(new Workspace(), p, 1, row, null, 0, 1, loss);
        assertEquals((2 + 30 + 0.5) * (2 + 30 + 0.5), loss[0]);
    }

    @Test
    @DisplayName("the initial weights follow nn.Linear's default bounds, 1/√fan_in, the weights times init_scale")
    void theInitialWeightsFollowNnLinearsDefaultBounds() {
        MultiLayerPerceptron m = new MultiLayerPerceptron(64, List.of(16), Activation.TANH, "softmax", 10);
        double[] one = m.initialParameters(3, 1.0);
        double[] two = m.initialParameters(3, 2.0);
        for (int l = 1; l <= m.layers(); l++) {
            double bound = 1 / Math.sqrt(m.width(l - 1));
            int weights = m.width(l - 1) * m.width(l);
            double largest = 0;
            for (int i = m.offset(l); i < m.offset(l) + weights + m.width(l); i++) {
                assertTrue(Math.abs(one[i]) <= bound, "parameter " + i);
                largest = Math.max(largest, Math.abs(one[i]));
                boolean weight = i < m.offset(l) + weights;
                assertEquals(weight ? 2 * one[i] : one[i], two[i], "parameter " + i);
            }
            assertTrue(largest > 0.9 * bound, "layer " + l + " spans its bounds");
        }
        assertArrayEquals(one, m.initialParameters(3, 1.0), 0.0, "the same seed, the same numbers");
    }
}
