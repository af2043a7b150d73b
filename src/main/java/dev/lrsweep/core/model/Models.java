package dev.lrsweep.core.model;

import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import java.util.List;

/** Builds models and their initial parameters by name. */
public final class Models {
    /** The model types a sweep file may name. */
    public static final List<String> TYPES = List.of("linear", "logistic", "softmax", "mlp");
    /** The outputs (and so losses) a perceptron may have: those of the regression models. */
    public static final List<String> OUTPUTS = List.of("linear", "logistic", "softmax");
    /** The initialisations a sweep file may name. */
    public static final List<String> INITIALISATIONS = List.of("zeros", "normal");

    private Models() {
    }

    /** A regression model of the named type; {@code classes} is read by softmax only. */
    public static Model create(String type, int features, int classes) {
        return create(Architecture.of(type), features, classes);
    }

    /** The model an architecture describes; {@code classes} is read by a softmax output only. */
    public static Model create(Architecture a, int features, int classes) {
        return switch (a.type()) {
            case "linear" -> new LinearRegression(features);
            case "logistic" -> new LogisticRegression(features);
            case "softmax" -> new SoftmaxRegression(features, classes);
            case "mlp" -> new MultiLayerPerceptron(features, a.hidden(), Activation.of(a.activation()), a.output(),
                    classes);
            default -> throw new SpecException("type", "must be one of " + String.join(", ", TYPES) + ", got "
                    + a.type());
        };
    }

    /**
     * Initial parameters: {@code zeros}, or {@code normal} with {@code std} (default 0.01) drawn from the seed
     * for the weights, the biases zero as PyTorch's bias initialisers would leave them after {@code zero_()}.
     */
    public static double[] initialParameters(Model model, Spec init, long seed) {
        return initialParameters(model, init, seed, 1.0);
    }

    /**
     * Initial parameters as {@link #initialParameters(Model, Spec, long)} for the regression models (whose
     * {@code scale} must be 1); a perceptron's are PyTorch's default ({@link MultiLayerPerceptron#initialParameters}),
     * its weights times {@code scale}, and its {@code init} must be {@code zeros} (the sweep file's default, which
     * it does not read).
     */
    public static double[] initialParameters(Model model, Spec init, long seed, double scale) {
        if (model instanceof MultiLayerPerceptron mlp) {
            return mlp.initialParameters(seed, scale);
        }
        if (scale != 1.0) {
            throw new SpecException("init_scale", "applies to mlp only");
        }
        Spec.Reader r = init.reader();
        double[] params = new double[model.parameterCount()];
        switch (init.type()) {
            case "zeros" -> r.finish();
            case "normal" -> {
                double std = r.number("std", 0.01);
                if (!(std > 0)) {
                    throw new SpecException("std", "must be positive, got " + std);
                }
                r.finish();
                int weights = model.parameterCount() - biasCount(model);
                SplitMix64 random = new SplitMix64(seed);
                for (int i = 0; i < weights; i++) {
                    params[i] = std * random.nextGaussian();
                }
            }
            default -> throw new SpecException("init", "must be one of " + String.join(", ", INITIALISATIONS)
                    + ", got " + init.type());
        }
        return params;
    }

    private static int biasCount(Model model) {
        return model instanceof SoftmaxRegression s ? s.classes() : 1;
    }
}
