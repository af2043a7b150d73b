package dev.lrsweep.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.synthetic.SyntheticData.Kind;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {

    @Test
    @DisplayName("the covariance eigenvalues are log-spaced from 1 down to 1/K")
    void theCovarianceEigenvaluesAreLogSpacedFrom1DownTo1OverK() {
        SyntheticData s = new SyntheticData(Kind.LINEAR, 6, 0, 100, 0.1, 7, true);
        double[] expected = {1, Math.pow(100, -0.2), Math.pow(100, -0.4), Math.pow(100, -0.6), Math.pow(100, -0.8), 0.01};
        assertArrayEquals(expected, s.eigenvalues(), 1e-12);
        double[] actual = eigenvalues(s.covariance());
        double[] sorted = expected.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, actual, 1e-10);
    }

    @Test
    @DisplayName("the sample covariance of the rows has a condition number close to K")
    void theSampleCovarianceOfTheRowsHasAConditionNumberCloseToK() {
        int d = 5;
        double k = 100;
        SyntheticData s = new SyntheticData(Kind.LOGISTIC, d, 0, k, 1, 3, true);
        int n = 40_000;
        double[][] c = new double[d][d];
        double[] mean = new double[d];
        double[] x = new double[d];
        double[][] rows = new double[n][];
        for (int r = 0; r < n; r++) {
            s.row(r, x);
            rows[r] = x.clone();
            for (int i = 0; i < d; i++) {
                mean[i] += x[i] / n;
            }
        }
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (n - 1);
                }
            }
        }
        double[] ev = eigenvalues(c);
        double ratio = ev[d - 1] / ev[0];
        assertTrue(ratio > 0.9 * k && ratio < 1.1 * k, "condition number " + ratio);
        assertTrue(Math.abs(c[0][1]) > 1e-3 || Math.abs(c[1][2]) > 1e-3, "rotated, so not axis-aligned");
    }

    @Test
    @DisplayName("the rotation is orthogonal")
    void theRotationIsOrthogonal() {
        double[][] q = SyntheticData.orthogonal(8, new dev.lrsweep.core.data.SplitMix64(1));
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double dot = 0;
                for (int r = 0; r < 8; r++) {
                    dot += q[r][i] * q[r][j];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-12);
            }
        }
    }

    @Test
    @DisplayName("without rotation the covariance is diagonal")
    void withoutRotationTheCovarianceIsDiagonal() {
        double[][] c = new SyntheticData(Kind.LINEAR, 4, 0, 10, 0.1, 1, false).covariance();
        assertEquals(0, c[0][1]);
        assertEquals(0.1, c[3][3], 1e-15);
    }

    @Test
    @DisplayName("a row depends only on the seed and its id")
    void aRowDependsOnlyOnTheSeedAndItsId() {
        double[] a = new double[10];
        double[] b = new double[10];
        double la = new SyntheticData(Kind.SOFTMAX, 10, 4, 30, 1, 5, true).row(123_456, a);
        SyntheticData other = new SyntheticData(Kind.SOFTMAX, 10, 4, 30, 1, 5, true);
        other.row(0, new double[10]);
        double lb = other.row(123_456, b);
        assertArrayEquals(a, b, 0);
        assertEquals(la, lb);
        new SyntheticData(Kind.SOFTMAX, 10, 4, 30, 1, 6, true).row(123_456, b);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    @DisplayName("logistic labels are 0 or 1 and both classes are common")
    void logisticLabelsAre0Or1AndBothClassesAreCommon() {
        for (long seed = 0; seed < 5; seed++) {
            SyntheticData s = new SyntheticData(Kind.LOGISTIC, 20, 0, 100, 1, seed, true);
            double[] x = new double[20];
            int ones = 0;
            int n = 4000;
            for (int r = 0; r < n; r++) {
                double y = s.row(r, x);
                assertTrue(y == 0 || y == 1);
                ones += (int) y;
            }
            double p = (double) ones / n;
            assertTrue(p > 0.3 && p < 0.7, "seed " + seed + ": positive fraction " + p);
        }
    }

    @Test
    @DisplayName("softmax labels cover every class")
    void softmaxLabelsCoverEveryClass() {
        SyntheticData s = new SyntheticData(Kind.SOFTMAX, 8, 5, 10, 1, 2, true);
        int[] counts = new int[5];
        double[] x = new double[8];
        for (int r = 0; r < 5000; r++) {
            double y = s.row(r, x);
            assertEquals(Math.rint(y), y);
            counts[(int) y]++;
        }
        for (int c = 0; c < 5; c++) {
            assertTrue(counts[c] > 250, "class " + c + ": " + Arrays.toString(counts));
        }
    }

    @Test
    @DisplayName("linear labels carry the requested noise around a unit variance signal")
    void linearLabelsCarryTheRequestedNoiseAroundAUnitVarianceSignal() {
        SyntheticData s = new SyntheticData(Kind.LINEAR, 6, 0, 50, 0.3, 4, true);
        double[] w = s.weights()[0];
        double b = s.biases()[0];
        double[] x = new double[6];
        double sumSq = 0;
        double signalSq = 0;
        int n = 20_000;
        for (int r = 0; r < n; r++) {
            double y = s.row(r, x);
            double signal = 0;
            for (int j = 0; j < 6; j++) {
                signal += w[j] * x[j];
            }
            sumSq += (y - signal - b) * (y - signal - b);
            signalSq += signal * signal;
        }
        assertEquals(0.3, Math.sqrt(sumSq / n), 0.01);
        assertEquals(1.0, signalSq / n, 0.05);
    }

    @Test
    @DisplayName("impossible settings are refused with the option named")
    void impossibleSettingsAreRefusedWithTheOptionNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SyntheticData(Kind.LINEAR, 3, 0, 0.5, 0.1, 0, true)).getMessage().startsWith("--condition"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SyntheticData(Kind.SOFTMAX, 3, 1, 2, 1, 0, true)).getMessage().startsWith("--classes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SyntheticData(Kind.LINEAR, 2000, 0, 2, 1, 0, true)).getMessage().contains("--no-rotate"));
    }

    /** Eigenvalues of a symmetric matrix, ascending (cyclic Jacobi). */
    static double[] eigenvalues(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = a[i][i];
        }
        Arrays.sort(ev);
        return ev;
    }
}
