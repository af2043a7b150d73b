package dev.lrsweep.core;

import dev.lrsweep.core.data.SplitMix64;

/** Seeded arrays of awkward numbers for the tests that compare two implementations bit for bit. */
public final class RandomArrays {
    private RandomArrays() {
    }

    /** Gaussian values scaled by a random power of ten from 10^lowest to 10^highest. */
    public static double[] random(SplitMix64 r, int n, int lowest, int highest) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian() * Math.pow(10, lowest + r.nextInt(highest - lowest + 1));
        }
        return a;
    }

    /** {@link #random}, made non-negative. */
    public static double[] positive(SplitMix64 r, int n, int lowest, int highest) {
        double[] a = random(r, n, lowest, highest);
        for (int i = 0; i < n; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }
}
