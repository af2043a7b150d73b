package dev.lrsweep.report;

/**
 * Largest-Triangle-Three-Buckets downsampling (S. Steinarsson, "Downsampling Time Series for Visual
 * Representation", 2013): keeps the first and the last point and, from each of the buckets between them, the point
 * that makes the largest triangle with the point kept before it and the mean of the next bucket. Peaks, dips and
 * jumps survive where taking every k-th point would step over them.
 */
final class Lttb {
    private Lttb() {
    }

    /**
     * The indices, increasing, of at most {@code points} of the series' points (all of them when it has no more).
     *
     * @param x increasing, finite
     * @param y finite
     */
    static int[] select(double[] x, double[] y, int points) {
        int n = x.length;
        if (points >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        if (points < 3) {
            throw new IllegalArgumentException("LTTB keeps at least 3 points, not " + points);
        }
        int[] kept = new int[points];
        double bucket = (double) (n - 2) / (points - 2);
        int a = 0;
        for (int i = 0; i < points - 2; i++) {
            int nextStart = (int) ((i + 1) * bucket) + 1;
            int nextEnd = Math.min((int) ((i + 2) * bucket) + 1, n);
            double meanX = 0;
            double meanY = 0;
            for (int j = nextStart; j < nextEnd; j++) {
                meanX += x[j];
                meanY += y[j];
            }
            meanX /= nextEnd - nextStart;
            meanY /= nextEnd - nextStart;
            int start = (int) (i * bucket) + 1;
            int end = (int) ((i + 1) * bucket) + 1;
            double largest = -1;
            int chosen = start;
            for (int j = start; j < end; j++) {
                double area = Math.abs((x[a] - meanX) * (y[j] - y[a]) - (x[a] - x[j]) * (meanY - y[a]));
                if (area > largest) {
                    largest = area;
                    chosen = j;
                }
            }
            kept[i + 1] = chosen;
            a = chosen;
        }
        kept[points - 1] = n - 1;
        return kept;
    }
}
