package dev.lrsweep.bench;

import java.util.Locale;

/**
 * One way of training, measured: how many trial-sample-gradients it made in how many seconds on how many cores,
 * and a line that says how.
 *
 * @param name            {@code lrsweep}, {@code MLlib}, {@code unfused}, …
 * @param sampleGradients trial-sample-gradients made: one row's gradient for one trial
 * @param seconds         the wall time they took
 * @param cores           the cores the way could use, for the fraction of the peak
 * @param detail          what ran and what the time includes
 */
public record Way(String name, double sampleGradients, double seconds, int cores, String detail) {

    /** Trial-sample-gradients per second. */
    public double rate() {
        return sampleGradients / seconds;
    }

    /** GFLOP/s at the given flops per sample-gradient ({@link BenchProblem#flopsPerSampleGradient}). */
    public double gflops(double flopsPerSampleGradient) {
        return rate() * flopsPerSampleGradient / 1e9;
    }

    /**
     * The figures line: rate, GFLOP/s, fraction of the peak of the cores used, ratio to {@code reference}
     * (lrsweep's way; null when this is it).
     */
    public String figures(double flopsPerSampleGradient, Peak peak, Way reference) {
        double gflops = gflops(flopsPerSampleGradient);
        double fraction = gflops / peak.gflops(cores);
        double ratio = reference == null ? 1.0 : rate() / reference.rate();
        return String.format(Locale.ROOT, "%-8s %10s M trial-sample-gradients/s %8s GFLOP/s %7s of peak (%d %s) %8s lrsweep",
                name, figure(rate() / 1e6), figure(gflops),
                Double.isNaN(fraction) ? "n/a" : percent(fraction), cores, cores == 1 ? "core" : "cores", ratio(ratio) + "×");
    }

    /** Four significant figures, at least three decimals: {@code 2.572}, {@code 0.001104}. */
    static String figure(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, fraction < 0.001 ? "%.2g%%" : fraction < 0.1 ? "%.2f%%" : "%.1f%%", 100 * fraction);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.1f" : r >= 0.1 ? "%.2f" : r >= 0.001 ? "%.4f" : "%.2g", r);
    }

    /** A count in words: {@code 12.80 M}, {@code 25.6 k}. */
    public static String count(double n) {
        return n >= 1e6 ? String.format(Locale.ROOT, "%.2f M", n / 1e6)
                : n >= 1e3 ? String.format(Locale.ROOT, "%.1f k", n / 1e3) : String.format(Locale.ROOT, "%.0f", n);
    }

    /** Gigabytes with three decimals. */
    public static String gb(double bytes) {
        return String.format(Locale.ROOT, "%.3f GB", bytes / 1e9);
    }
}
