package dev.lrsweep.core.model;

import java.io.Serializable;
import java.util.List;

/**
 * What a sweep file says about its model, before the data gives the features and classes: the type and, for a
 * perceptron ({@code mlp}), its hidden layers' widths, activation and output.
 *
 * @param hidden     mlp only: the hidden layers' widths (empty otherwise)
 * @param activation mlp only: {@code relu}, {@code tanh} or {@code gelu} (null otherwise)
 * @param output     mlp only: {@code linear}, {@code logistic} or {@code softmax} (null otherwise)
 */
public record Architecture(String type, List<Integer> hidden, String activation, String output)
        implements Serializable {

    public Architecture {
        hidden = List.copyOf(hidden);
    }

    /** A regression model of the named type. */
    public static Architecture of(String type) {
        return new Architecture(type, List.of(), null, null);
    }

    /**
     * The regression model whose loss and labels this model has: the type itself, or a perceptron's output. The
     * data's labels are checked against it.
     */
    public String lossType() {
        return type.equals("mlp") ? output : type;
    }
}
