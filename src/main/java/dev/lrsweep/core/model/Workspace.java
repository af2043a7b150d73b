package dev.lrsweep.core.model;

/**
 * Scratch arrays for {@link Model}'s block methods, grown on demand and reused across calls. A workspace belongs
 * to one thread; models themselves hold no state.
 */
public final class Workspace {
    double[] x = new double[0];
    /** The labels of the rows in {@link #x}. */
    double[] y = new double[0];
    double[] w = new double[0];
    double[] b = new double[0];
    double[] z = new double[0];
    double[] s = new double[0];
    double[] g = new double[0];
    double[] gb = new double[0];
    /** The sums {@link dev.lrsweep.core.data.DataBlock#touchRows} returns, kept so that its reads are not dropped. */
    double touched;
    /** Numbered arrays for models with more to keep, such as a perceptron's layers ({@link #slot}). */
    private double[][] slots = new double[0][];

    void ensure(int rows, int d, int k) {
        x = grow(x, rows * d);
        y = grow(y, rows);
        w = grow(w, d * k);
        b = grow(b, k);
        z = grow(z, rows * k);
        s = grow(s, rows * k);
        g = grow(g, d * k);
        gb = grow(gb, k);
    }

    /** Array number {@code index}, of at least n elements; its contents are whatever was left there. */
    double[] slot(int index, int n) {
        if (slots.length <= index) {
            slots = java.util.Arrays.copyOf(slots, index + 1);
        }
        double[] a = slots[index];
        if (a == null || a.length < n) {
            slots[index] = a = new double[a == null ? n : Math.max(n, a.length * 2)];
        }
        return a;
    }

    private static double[] grow(double[] a, int n) {
        return a.length >= n ? a : new double[Math.max(n, a.length * 2)];
    }
}
