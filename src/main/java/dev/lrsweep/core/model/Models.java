package dev.lrsweep.core.model;

import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import java.util.List;

/** Builds models and their initial parameters by name. */
public final class Models {
    /** The model types a sweep file may name. */
    public static final List<String> TYPES = List.of("linear", "logistic", "softmax");
    /** The initialisations a sweep file may name. */
    public static final List<String> INITIALISATIONS = List.of("zeros", "normal");

    private Models() {
    }

    /** A model of the named type; {@code classes} is read by softmax only. */
    public static Model create(String type, int features, int classes) {
        return switch (type) {
            case "linear" -> new LinearRegression(features);
            case "logistic" -> new LogisticRegression(features);
            case "softmax" -> new SoftmaxRegression(features, classes);
            default -> throw new SpecException("type", "must be one of " + String.join(", ", TYPES) + ", got " + type);
        };
    }

    /**
     * Initial parameters: {@code zeros}, or {@code normal} with {@code std} (default 0.01) drawn from the seed
     * for the weights, the biases zero as PyTorch's bias initialisers would leave them after {@code zero_()}.
     */
    public static double[] initialParameters(Model model, Spec init, long seed) {
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
