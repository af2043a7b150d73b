package dev.lrsweep.core.landscape;

import java.io.Serializable;

/**
 * The landscape of a sweep's loss at the initial weights, read from its training rows (a seeded sample of them):
 * the numbers of the {@code landscape/} table.
 *
 * @param rows                  the rows the estimates were taken on
 * @param parameters            the model's parameters
 * @param lambdaMax             the Hessian's largest eigenvalue ({@link Spectrum})
 * @param iterations            the passes over the rows it took
 * @param converged             whether power iteration met its tolerance
 * @param conditionNumber       λ_max over the smallest non-zero eigenvalue (a lower bound when not exact)
 * @param gdEdgeLr              2/λ_max: full-batch gradient descent diverges above it on the quadratic model
 * @param momentum              the sweep's heavy-ball momentum μ (its largest), NaN when it has none
 * @param dampening             that optimizer's dampening τ
 * @param heavyBallEdgeLr       2(1 + μ)/((1 − τ)λ_max), NaN without momentum
 * @param noiseScale            the gradient noise scale B_simple = tr(Σ)/|G|² ({@link NoiseScale})
 * @param standardized          whether the sweep standardises its features
 * @param featureStdMin         the smallest standard deviation of a non-constant feature (of the rows as given)
 * @param featureStdMax         the largest
 * @param lambdaMaxStandardized λ_max of the same rows standardised, NaN when the sweep standardises already
 * @param standardizeGain       λ_max / λ_max standardised: how far standardising would raise the edge, NaN when the
 *                              sweep standardises already
 */
public record Landscape(long rows, int parameters, double lambdaMax, int iterations, boolean converged,
                        double conditionNumber, double gdEdgeLr, double momentum, double dampening,
                        double heavyBallEdgeLr, double noiseScale, boolean standardized, double featureStdMin,
                        double featureStdMax, double lambdaMaxStandardized, double standardizeGain)
        implements Serializable {

    /**
     * The landscape from a spectrum estimate.
     *
     * @param momentum   the sweep's heavy-ball momentum, NaN for none
     * @param population the training rows the sample was drawn from
     * @param stds       the features' standard deviations on the sample, as the rows are given (before any
     *                   standardisation the sweep applies)
     */
    public static Landscape of(Spectrum.Result spectrum, int parameters, double momentum, double dampening,
                               long population, boolean standardized, double[] stds) {
        double lambda = spectrum.lambdaMax();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double s : stds) {
            if (s > 0) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        double noise = NoiseScale.of(spectrum.meanGradient(), spectrum.meanSquaredNorm(), spectrum.rows(), population);
        double standardizedLambda = spectrum.lambdaMaxStandardized();
        return new Landscape(spectrum.rows(), parameters, lambda, spectrum.iterations(), spectrum.converged(),
                spectrum.conditionNumber(), 2 / lambda, momentum, dampening,
                Double.isNaN(momentum) ? Double.NaN : heavyBallEdge(lambda, momentum, dampening), noise, standardized,
                max > 0 ? min : Double.NaN, max > 0 ? max : Double.NaN, standardizedLambda,
                lambda / standardizedLambda);
    }

    /**
     * The edge of heavy-ball momentum on a quadratic with curvature λ: PyTorch's SGD with momentum μ and dampening τ
     * is stable while α(1 − τ)λ &lt; 2(1 + μ).
     */
    public static double heavyBallEdge(double lambda, double momentum, double dampening) {
        return 2 * (1 + momentum) / ((1 - dampening) * lambda);
    }

    /** The largest over the smallest feature standard deviation, NaN without two non-constant features. */
    public double featureScaleSpread() {
        return featureStdMax / featureStdMin;
    }
}
