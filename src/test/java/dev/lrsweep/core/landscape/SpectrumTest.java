package dev.lrsweep.core.landscape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpectrumTest {

    /** Every row, in one pass (what the Spark adapter does in slices). */
    static Spectrum.Pass over(DataBlock rows) {
        return aggregate -> aggregate.add(rows, 0, rows.rows());
    }

    /**
     * Zero-mean, mutually orthogonal columns x_j = c_j·h_j (h_j the ±1 Walsh patterns of 64 rows): the mean squared
     * error's Hessian (2/n)X̃ᵀX̃ is diagonal, with entries 2c_j² and 2 for the bias.
     */
    static DataBlock walsh(double[] c) {
        int n = 64;
        double[] x = new double[n * c.length];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c.length; j++) {
                x[i * c.length + j] = c[j] * (((i >> j) & 1) == 0 ? 1 : -1);
            }
            y[i] = 0.3 + i % 5;
        }
        return new DataBlock(n, c.length, x, y);
    }

    static DataBlock gaussianRows(int n, int d, double[] scales, long seed, int classes) {
        SplitMix64 random = new SplitMix64(seed);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = scales[j] * random.nextGaussian() + 0.5 * j;
                z += x[i * d + j] / scales[j];
            }
            y[i] = classes == 0 ? z : classes == 2 ? (z > 0 ? 1 : 0) : Math.floorMod((long) Math.floor(z), classes);
        }
        return new DataBlock(n, d, x, y);
    }

    /** The Hessian formed column by column from products with unit vectors, and its eigenvalues by Commons Math. */
    static double[] exactEigenvalues(String model, int d, int outputs, double[] params, DataBlock rows) {
        int p = params.length;
        double[][] h = new double[p][];
        for (int k = 0; k < p; k++) {
            double[] e = new double[p];
            e[k] = 1;
            CurvatureAggregator a = new CurvatureAggregator(model, d, outputs, new CurvatureAggregator.View[] {
                    new CurvatureAggregator.View(null, null, params, new double[][] {e})}, false);
            h[k] = a.add(rows, 0, rows.rows()).mean(0, 0);
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                double mean = (h[i][j] + h[j][i]) / 2;  // equal but for rounding
                h[i][j] = mean;
                h[j][i] = mean;
            }
        }
        double[] values = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
        Arrays.sort(values);
        return values;
    }

    @Test
    @DisplayName("on least squares with a known diagonal Hessian, λ_max and the condition number come out exact")
    void onLeastSquaresWithAKnownHessianLambdaMaxComesOutExact() {
        double[] c = {2, 1, 0.7};
        Spectrum.Result r = Spectrum.estimate("linear", 3, 1, new double[4], null, null, 1, over(walsh(c)));
        assertEquals(8.0, r.lambdaMax(), 8.0 * 1e-9, "λ_max = 2·c₀² = 8");
        assertEquals(8.0 / (2 * 0.49), r.conditionNumber(), 1e-6, "the smallest eigenvalue is 2·0.7² = 0.98");
        assertTrue(r.converged());
        assertTrue(r.iterations() <= Spectrum.MAX_ITERATIONS);
    }

    @Test
    @DisplayName("for linear, logistic and softmax models λ_max and the condition number match the formed Hessian's")
    void lambdaMaxMatchesTheFormedHessianForEachModel() {
        double[] scales = {1, 3, 0.5, 2, 1.5};
        for (String model : new String[] {"linear", "logistic", "softmax"}) {
            int outputs = model.equals("softmax") ? 3 : 1;
            DataBlock rows = gaussianRows(400, 5, scales, 7, model.equals("linear") ? 0 : outputs == 1 ? 2 : 3);
            double[] params = new double[outputs * 6];
            SplitMix64 random = new SplitMix64(3);
            for (int i = 0; i < params.length; i++) {
                params[i] = 0.1 * random.nextGaussian();
            }
            double[] exact = exactEigenvalues(model, 5, outputs, params, rows);
            double top = exact[exact.length - 1];
            double smallest = Arrays.stream(exact).filter(v -> v > 1e-9 * top).min().orElseThrow();
            Spectrum.Result r = Spectrum.estimate(model, 5, outputs, params, null, null, 11, over(rows));
            assertEquals(top, r.lambdaMax(), 1e-3 * top, model);
            assertEquals(top / smallest, r.conditionNumber(), 1e-3 * top / smallest, model);
        }
    }

    @Test
    @DisplayName("the standardised view's λ_max equals that of the rows standardised beforehand, in the same passes")
    void theStandardisedViewMatchesRowsStandardisedBeforehand() {
        double[] scales = {10, 0.1, 1, 50};
        DataBlock rows = gaussianRows(300, 4, scales, 5, 0);
        double[] mean = new double[4];
        double[] std = new double[4];
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 300; i++) {
                mean[j] += rows.feature(i, j) / 300;
            }
            for (int i = 0; i < 300; i++) {
                std[j] += Math.pow(rows.feature(i, j) - mean[j], 2) / 300;
            }
            std[j] = Math.sqrt(std[j]);
        }
        double[] x = new double[300 * 4];
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (rows.feature(i, j) - mean[j]) / std[j];
            }
        }
        DataBlock standardised = new DataBlock(300, 4, x, rows.y().clone());
        Spectrum.Result both = Spectrum.estimate("linear", 4, 1, new double[5], mean, std, 2, over(rows));
        Spectrum.Result alone = Spectrum.estimate("linear", 4, 1, new double[5], null, null, 2, over(standardised));
        assertEquals(alone.lambdaMax(), both.lambdaMaxStandardized(), 1e-6 * alone.lambdaMax());
        assertTrue(both.lambdaMax() / both.lambdaMaxStandardized() > 100, "the raw rows' scales make λ_max large");
    }

    @Test
    @DisplayName("a constant feature adds no zero eigenvalue to the condition number")
    void aConstantFeatureAddsNoZeroEigenvalueToTheConditionNumber() {
        double[] c = {2, 1, 0.7};
        DataBlock w = walsh(c);
        double[] x = new double[64 * 4];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 4 + j] = w.feature(i, j);
            }
        }
        Spectrum.Result r = Spectrum.estimate("linear", 4, 1, new double[5], null, null, 1,
                over(new DataBlock(64, 4, x, w.y())));
        assertEquals(8.0 / 0.98, r.conditionNumber(), 1e-6);
    }
}
