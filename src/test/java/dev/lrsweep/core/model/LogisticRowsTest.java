package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.core.data.SplitMix64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogisticRowsTest {

    @Test
    @DisplayName("the logistic rows of many trials at once give the one-trial-at-a-time bits")
    void theLogisticRowsOfManyTrialsAtOnceGiveTheOneAtATimeBits() {
        SplitMix64 r = new SplitMix64(11);
        int n = 4099;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = switch (i % 9) {
                case 0 -> r.nextGaussian() * 1e-9;
                case 1 -> r.nextGaussian() * 800;
                case 2 -> -0.881373587019543 + r.nextGaussian() * 1e-15;  // e just above and below √2 − 1
                default -> r.nextGaussian() * Math.pow(10, r.nextInt(5) - 2);
            };
        }
        z[5] = 0.0;
        z[6] = -0.0;
        z[7] = Double.NaN;
        z[8] = Double.POSITIVE_INFINITY;
        z[9] = Double.NEGATIVE_INFINITY;
        for (double y : new double[] {0.0, 1.0}) {
            double[] s1 = new double[n];
            double[] s2 = new double[n];
            double[] l1 = new double[n - 3];
            double[] l2 = new double[n - 3];
            LogisticRows.INSTANCE.apply(z, 3, n - 3, y, 0.25, s1, l1);
            LogisticRows.scalar(z, 3, n - 3, y, 0.25, s2, l2);
            for (int t = 0; t < n - 3; t++) {
                assertEquals(Double.doubleToLongBits(l2[t]), Double.doubleToLongBits(l1[t]), "loss at z=" + z[t + 3]);
                assertEquals(Double.doubleToLongBits(s2[t + 3]), Double.doubleToLongBits(s1[t + 3]), "slope at z=" + z[t + 3]);
            }
        }
    }
}
