package dev.lrsweep.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.SplitMix64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogisticRowsTest {

    /** Outputs of every kind: tiny, huge, near the switch at e = √2 − 1, with subnormal e, and the specials. */
    static double[] outputs(int n) {
        SplitMix64 r = new SplitMix64(11);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = switch (i % 10) {
                case 0 -> r.nextGaussian() * 1e-9;
                case 1 -> r.nextGaussian() * 800;
                case 2 -> -0.881373587019543 + r.nextGaussian() * 1e-15;  // e just above and below √2 − 1
                case 3 -> (r.nextDouble() < 0.5 ? -1 : 1) * (700 + 46 * r.nextDouble());  // e subnormal or 0
                default -> r.nextGaussian() * Math.pow(10, r.nextInt(5) - 2);
            };
        }
        z[5] = 0.0;
        z[6] = -0.0;
        z[7] = Double.NaN;
        z[8] = Double.POSITIVE_INFINITY;
        z[9] = Double.NEGATIVE_INFINITY;
        return z;
    }

    static void assertSameBits(double[] z, int off, int count, double y) {
        double[] s1 = new double[off + count];
        double[] s2 = new double[off + count];
        double[] l1 = new double[count];
        double[] l2 = new double[count];
        for (int t = 0; t < count; t++) {
            l1[t] = 0.1 * (t + 1);  // sums of earlier rows, which the rows add to
            l2[t] = 0.1 * (t + 1);
        }
        LogisticRows.INSTANCE.apply(z, off, count, y, 0.25, s1, l1);
        LogisticRows.scalar(z, off, count, y, 0.25, s2, l2);
        for (int t = 0; t < count; t++) {
            assertEquals(Double.doubleToLongBits(l2[t]), Double.doubleToLongBits(l1[t]), "loss at z=" + z[off + t]);
            assertEquals(Double.doubleToLongBits(s2[off + t]), Double.doubleToLongBits(s1[off + t]),
                    "slope at z=" + z[off + t]);
        }
    }

    @Test
    @DisplayName("the logistic rows of many trials at once give the one-trial-at-a-time bits")
    void theLogisticRowsOfManyTrialsAtOnceGiveTheOneAtATimeBits() {
        double[] z = outputs(40_099);
        for (double y : new double[] {0.0, 1.0}) {
            assertSameBits(z, 3, z.length - 3, y);
        }
    }

    @Test
    @DisplayName("any count of trials, whole vectors or not, gives the one-trial-at-a-time bits")
    void anyCountOfTrialsGivesTheOneAtATimeBits() {
        double[] z = outputs(64);
        for (int count = 1; count <= 40; count++) {
            assertSameBits(z, 64 - count, count, count % 2);
        }
    }

    @Test
    @DisplayName("the loss and slope agree with StrictMath's exp and log1p to about 1e-15")
    void theLossAndSlopeAgreeWithStrictMath() {
        SplitMix64 r = new SplitMix64(19);
        double[] s = new double[1];
        for (int i = 0; i < 200_000; i++) {
            double z = r.nextGaussian() * Math.pow(10, r.nextInt(4) - 1);
            double y = i % 2;
            double e = StrictMath.exp(-Math.abs(z));
            double loss = Math.max(z, 0.0) - z * y + StrictMath.log1p(e);
            double slope = ((z >= 0 ? 1.0 : e) / (1.0 + e) - y) * 0.5;
            double ours = LogisticRows.one(z, y, 0.5, s, 0);
            assertTrue(Math.abs(ours - loss) <= 1e-15 * loss, "loss at " + z + ": " + ours + " vs " + loss);
            assertTrue(Math.abs(s[0] - slope) <= 1e-15 * Math.abs(slope) + 2e-16, "slope at " + z);
        }
    }
}
