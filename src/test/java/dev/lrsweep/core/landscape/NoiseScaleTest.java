package dev.lrsweep.core.landscape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NoiseScaleTest {

    @Test
    @DisplayName("over every row, B_simple is the per-example gradients' total variance over the squared mean gradient")
    void overEveryRowBSimpleIsTheTotalVarianceOverTheSquaredMeanGradient() {
        int n = 200;
        SplitMix64 random = new SplitMix64(4);
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = random.nextGaussian();
            x[2 * i + 1] = 3 * random.nextGaussian();
            y[i] = 1 + x[2 * i] + 0.5 * random.nextGaussian();
        }
        DataBlock rows = new DataBlock(n, 2, x, y);
        CurvatureAggregator a = new CurvatureAggregator("linear", 2, 1, new CurvatureAggregator.View[] {
                new CurvatureAggregator.View(null, null, new double[3], new double[0][])}, true).add(rows, 0, n);
        // per-example gradients of (w·x + b − y)² at zero: −2y·(x, 1)
        double[][] g = new double[n][];
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            g[i] = new double[] {-2 * y[i] * x[2 * i], -2 * y[i] * x[2 * i + 1], -2 * y[i]};
            for (int k = 0; k < 3; k++) {
                mean[k] += g[i][k] / n;
            }
        }
        double trace = 0;
        for (double[] gi : g) {
            for (int k = 0; k < 3; k++) {
                trace += (gi[k] - mean[k]) * (gi[k] - mean[k]) / n;
            }
        }
        double squared = mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2];
        double b = NoiseScale.of(a.meanGradient(), a.meanSquaredNorm(), n, n);
        assertEquals(trace / squared, b, 1e-9 * b);
        assertTrue(b > 1 && b < n, "noisy per-example gradients, a clear mean: " + b);
    }

    @Test
    @DisplayName("from a sample, the unbiased estimate lands near the whole set's value")
    void fromASampleTheUnbiasedEstimateLandsNearTheWholeSetsValue() {
        int n = 20_000;
        SplitMix64 random = new SplitMix64(8);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            y[i] = 0.4 + 0.3 * x[i] + random.nextGaussian();
        }
        DataBlock rows = new DataBlock(n, 1, x, y);
        CurvatureAggregator.View[] view = {new CurvatureAggregator.View(null, null, new double[2], new double[0][])};
        CurvatureAggregator all = new CurvatureAggregator("linear", 1, 1, view, true).add(rows, 0, n);
        CurvatureAggregator sample = new CurvatureAggregator("linear", 1, 1, view, true).add(rows, 0, 2000);
        double whole = NoiseScale.of(all.meanGradient(), all.meanSquaredNorm(), n, n);
        double estimate = NoiseScale.of(sample.meanGradient(), sample.meanSquaredNorm(), 2000, n);
        assertEquals(whole, estimate, 0.25 * whole);
    }
}
