package dev.lrsweep.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * The activations of a multi-layer perceptron's hidden layers, each written as PyTorch 1.13 writes its CPU
 * kernel in float64, forward and backward: the same operations in the same order, so that the two differ only
 * where an elementary function's last bit does.
 * <ul>
 *   <li>{@code relu}: {@code max(z, 0)}; the backward pass passes the slope where the output is above 0
 *       ({@code threshold_backward} on the result).</li>
 *   <li>{@code tanh}: the backward pass is {@code δ·(1 − a·a)} on the output a ({@code tanh_backward}).</li>
 *   <li>{@code gelu}: the exact GELU, {@code (z·½)·(1 + erf(z·√½))} ({@code approximate='none'}, PyTorch's
 *       default); the backward pass is {@code δ·(cdf + z·pdf)} with {@code cdf = ½·(1 + erf(z·√½))} and
 *       {@code pdf = (2/√π·√½·½)·exp(z·z·(−½))}.</li>
 * </ul>
 * Every element is computed on its own, so a trial's numbers do not depend on how many trials share the arrays.
 */
public enum Activation {
    RELU("relu"),
    TANH("tanh"),
    GELU("gelu");

    /** The names a sweep file may give. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Activation::label).toList();
    private static final double SQRT_HALF = 0.7071067811865476;
    /** M_2_SQRTPI · M_SQRT1_2 · 0.5, as PyTorch's GELU backward computes its constant. */
    private static final double GELU_BETA = Elementary.TWO_OVER_SQRT_PI * SQRT_HALF * 0.5;

    private final String label;

    Activation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The activation a sweep file names. */
    public static Activation of(String name) {
        for (Activation a : values()) {
            if (a.label.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no activation " + name + "; one of " + String.join(", ", NAMES));
    }

    /** {@code a[i] = f(z[i])} for i &lt; n. */
    void forward(double[] z, double[] a, int n) {
        switch (this) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(z[i], 0.0);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Elementary.tanh(z[i]);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    double x = z[i];
                    a[i] = x * 0.5 * (1.0 + Elementary.erf(x * SQRT_HALF));
                }
            }
        }
    }

    /**
     * The slope with respect to the pre-activations from the slope δ with respect to the outputs, in place:
     * {@code delta[i] ← delta[i]·f'(z[i])}, given the pre-activations z and the outputs a.
     */
    void backward(double[] delta, double[] z, double[] a, int n) {
        switch (this) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    delta[i] = a[i] <= 0.0 ? 0.0 : delta[i];
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    double y = a[i];
                    delta[i] = delta[i] * (1.0 - y * y);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    double x = z[i];
                    double cdf = 0.5 * (1.0 + Elementary.erf(x * SQRT_HALF));
                    double pdf = GELU_BETA * Elementary.exp(x * x * -0.5);
                    delta[i] = delta[i] * (cdf + x * pdf);
                }
            }
        }
    }

    /** True when {@link #backward} reads the pre-activations, which must then be kept apart from the outputs. */
    boolean needsPreActivations() {
        return this == GELU;
    }
}
