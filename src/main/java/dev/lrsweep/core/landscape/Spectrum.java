package dev.lrsweep.core.landscape;

import dev.lrsweep.core.data.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The Hessian's spectrum at the initial weights, from Hessian–vector products alone: its largest eigenvalue by
 * power iteration, and its condition number from a Lanczos run (with full reorthogonalisation) over the same passes
 * over the rows. Each pass multiplies every vector in flight at once ({@link CurvatureAggregator}), so the two
 * methods, and the standardised rows' power iteration when asked for, share their passes: at most
 * {@value #MAX_ITERATIONS} of them.
 *
 * <p>Both start from Hr for a seeded random r, so they work within the span of the rows (directions the rows do not
 * reach, such as a feature that is always 0, have eigenvalue 0 and no bearing on training). Each estimate counts as
 * converged once its residual is below {@value #RESIDUAL} of it; the passes stop when λ_max has converged by either
 * method and Lanczos's smallest Ritz value has too. λ_max is the larger of the power iteration's Rayleigh quotient
 * and Lanczos's largest Ritz value (both are Rayleigh quotients, so neither exceeds the true λ_max). The condition
 * number is Lanczos's largest Ritz value over its smallest non-zero one (above 10⁻¹² of the largest): exact once the
 * Krylov space spans the rows' directions (as soon as there are no more parameters than passes), else a lower
 * bound, because the smallest Ritz value converges from above.
 */
public final class Spectrum {
    /** The most passes over the rows. */
    public static final int MAX_ITERATIONS = 50;
    /**
     * The residual |Hv − θv| at which an estimate θ with vector v counts as converged, relative to θ: an eigenvalue
     * then lies within this fraction of θ (and the Rayleigh quotient within its square over the relative gap).
     */
    public static final double RESIDUAL = 1e-4;
    /** Ritz values below this fraction of the largest count as the null space. */
    static final double NULL_SPACE = 1e-12;

    private Spectrum() {
    }

    /**
     * One pass over the rows: returns the aggregate of the given empty aggregate over every row (in any engine).
     */
    public interface Pass extends UnaryOperator<CurvatureAggregator> {
    }

    /**
     * What the passes found.
     *
     * @param lambdaMax           the largest eigenvalue of the rows' Hessian
     * @param conditionNumber     its largest over its smallest non-zero eigenvalue (a lower bound, see above)
     * @param lambdaMaxStandardized the largest eigenvalue on the standardised rows, NaN when not asked for
     * @param iterations          the passes made
     * @param converged           whether power iteration met its tolerance within the passes
     * @param meanGradient        the mean per-example gradient at the parameters (from the first pass)
     * @param meanSquaredNorm     the mean squared norm of the per-example gradients
     * @param rows                the rows the passes went over
     */
    public record Result(double lambdaMax, double conditionNumber, double lambdaMaxStandardized, int iterations,
                         boolean converged, double[] meanGradient, double meanSquaredNorm, long rows) {
    }

    /**
     * Runs the passes.
     *
     * @param model       {@code linear}, {@code logistic} or {@code softmax}
     * @param params      the parameters the Hessian is taken at
     * @param mean        with std: the standardisation whose rows' λ_max is also wanted, or null
     * @param seed        seeds the random start vectors
     */
    public static Result estimate(String model, int features, int outputs, double[] params, double[] mean,
                                  double[] std, long seed, Pass pass) {
        int n = params.length;
        boolean standardised = mean != null;
        SplitMix64 random = new SplitMix64(seed);
        double[] start = unit(gaussian(random, n));
        double[] startStandardised = unit(gaussian(random, n));
        List<CurvatureAggregator.View> views = new ArrayList<>();
        views.add(new CurvatureAggregator.View(null, null, params, new double[][] {start}));
        if (standardised) {
            views.add(new CurvatureAggregator.View(mean, std, params, new double[][] {startStandardised}));
        }
        CurvatureAggregator first = pass.apply(new CurvatureAggregator(model, features, outputs,
                views.toArray(new CurvatureAggregator.View[0]), true));
        List<Iterations> running = new ArrayList<>();
        running.add(new Iterations(first.mean(0, 0), true));
        if (standardised) {
            running.add(new Iterations(first.mean(1, 0), false));
        }
        int iterations = 1;
        while (iterations < MAX_ITERATIONS && !running.stream().allMatch(Iterations::done)) {
            views.clear();
            for (int v = 0; v < running.size(); v++) {
                views.add(new CurvatureAggregator.View(v == 0 ? null : mean, v == 0 ? null : std, params,
                        running.get(v).probes()));
            }
            CurvatureAggregator products = pass.apply(new CurvatureAggregator(model, features, outputs,
                    views.toArray(new CurvatureAggregator.View[0]), false));
            for (int v = 0; v < running.size(); v++) {
                running.get(v).step(products, v);
            }
            iterations++;
        }
        Iterations rows = running.get(0);
        return new Result(rows.lambdaMax(), rows.lanczos.largest() / rows.lanczos.smallestNonZero(),
                standardised ? running.get(1).lambdaMax() : Double.NaN, iterations,
                running.stream().allMatch(Iterations::done), first.meanGradient(), first.meanSquaredNorm(),
                first.rows());
    }

    /** Power iteration and Lanczos on one view of the rows, both started from Hr. */
    private static final class Iterations {
        final PowerIteration power;
        final Lanczos lanczos;
        private int powerAt;
        private int lanczosAt;

        private final boolean wantsSmallest;

        Iterations(double[] startProduct, boolean wantsSmallest) {
            power = new PowerIteration(startProduct);
            lanczos = new Lanczos(power.vector());
            this.wantsSmallest = wantsSmallest;
        }

        /** λ_max has converged (by either method) and, where the condition number is wanted, the smallest too. */
        boolean done() {
            return (power.done() || lanczos.largestConverged()) && (!wantsSmallest || lanczos.done());
        }

        /** The vectors still in flight, to multiply in the next pass. */
        double[][] probes() {
            List<double[]> probes = new ArrayList<>();
            powerAt = power.done() ? -1 : add(probes, power.vector());
            lanczosAt = lanczos.done() || !wantsSmallest && lanczos.largestConverged() ? -1
                    : add(probes, lanczos.vector());
            return probes.toArray(new double[0][]);
        }

        void step(CurvatureAggregator products, int view) {
            if (powerAt >= 0) {
                power.step(products.mean(view, powerAt));
            }
            if (lanczosAt >= 0) {
                lanczos.step(products.mean(view, lanczosAt));
            }
        }

        /** The better of the two estimates: both are Rayleigh quotients, so the larger is the nearer. */
        double lambdaMax() {
            return Math.max(power.estimate(), lanczos.largest());
        }
    }

    private static int add(List<double[]> probes, double[] probe) {
        probes.add(probe);
        return probes.size() - 1;
    }

    /** Power iteration: v ← Hv / |Hv|, with the Rayleigh quotient v·Hv as the estimate. */
    static final class PowerIteration {
        private double[] vector;
        private double estimate = Double.NaN;
        private boolean converged;

        /** Starts from Hr, the product of the random start (never 0: the bias input alone has curvature). */
        PowerIteration(double[] product) {
            vector = unit(product);
        }

        double[] vector() {
            return vector;
        }

        void step(double[] product) {
            double quotient = dot(vector, product);
            double[] residual = product.clone();
            axpy(-quotient, vector, residual);
            converged = norm(residual) <= RESIDUAL * Math.abs(quotient);
            estimate = quotient;
            vector = unit(product);
        }

        boolean done() {
            return converged;
        }

        boolean converged() {
            return converged;
        }

        double estimate() {
            return Double.isNaN(estimate) ? 0 : estimate;
        }
    }

    /**
     * The Lanczos iteration with full reorthogonalisation: the Rayleigh–Ritz values of H on the Krylov space of its
     * start vector, from the tridiagonal T of the α's and β's (its eigen-decomposition by Commons Math). A Ritz value
     * θ with T's eigenvector s is within β·|s_last| of an eigenvalue of H (its residual); it is taken as converged
     * when that is below {@value #RESIDUAL} of the largest Ritz value for the largest, and of itself for the
     * smallest. An invariant subspace (β ≈ 0) makes both exact.
     */
    static final class Lanczos {
        private final List<double[]> basis = new ArrayList<>();
        private final List<Double> alpha = new ArrayList<>();
        private final List<Double> beta = new ArrayList<>();
        private double largest;
        private double smallest = Double.NaN;
        private boolean largestConverged;
        private boolean smallestConverged;
        private boolean invariant;

        Lanczos(double[] start) {
            basis.add(start);
        }

        double[] vector() {
            return basis.get(basis.size() - 1);
        }

        void step(double[] product) {
            int j = basis.size() - 1;
            double[] q = basis.get(j);
            double[] w = product.clone();
            if (j > 0) {
                axpy(-beta.get(j - 1), basis.get(j - 1), w);
            }
            double a = dot(q, w);
            alpha.add(a);
            axpy(-a, q, w);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    axpy(-dot(b, w), b, w);
                }
            }
            double b = norm(w);
            double[] main = alpha.stream().mapToDouble(Double::doubleValue).toArray();
            double[] secondary = beta.stream().mapToDouble(Double::doubleValue).toArray();
            EigenDecomposition t = new EigenDecomposition(main, secondary);
            double[] values = t.getRealEigenvalues();
            int top = 0;
            for (int i = 1; i < values.length; i++) {
                top = values[i] > values[top] ? i : top;
            }
            largest = values[top];
            int bottom = -1;
            for (int i = 0; i < values.length; i++) {
                if (values[i] > NULL_SPACE * largest && (bottom < 0 || values[i] < values[bottom])) {
                    bottom = i;
                }
            }
            smallest = bottom < 0 ? Double.NaN : values[bottom];
            invariant = !(b > 1e-12 * Math.abs(largest)) || basis.size() == w.length;
            double last = main.length - 1;
            largestConverged = invariant || b * Math.abs(t.getEigenvector(top).getEntry((int) last))
                    <= RESIDUAL * largest;
            smallestConverged = invariant || bottom >= 0 && b * Math.abs(t.getEigenvector(bottom).getEntry((int) last))
                    <= RESIDUAL * smallest;
            if (!invariant) {
                beta.add(b);
                basis.add(scaled(w, 1 / b));
            }
        }

        /** True once the extreme Ritz values have converged. */
        boolean done() {
            return largestConverged && smallestConverged;
        }

        boolean largestConverged() {
            return largestConverged;
        }

        double largest() {
            return largest;
        }

        double smallestNonZero() {
            return smallest;
        }
    }

    static double[] gaussian(SplitMix64 random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double[] unit(double[] a) {
        return scaled(a, 1 / norm(a));
    }

    static double[] scaled(double[] a, double factor) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * factor;
        }
        return out;
    }

    private static void axpy(double factor, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += factor * x[i];
        }
    }
}
