package dev.lrsweep.sweep;

import dev.lrsweep.core.model.Activation;
import dev.lrsweep.core.model.Models;
import dev.lrsweep.core.spec.Format;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import dev.lrsweep.errors.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code model} section of a sweep file: the type and its keys, every one checked. A perceptron's keys
 * ({@code hidden}, {@code activation}, {@code output}, {@code init_scale}) are refused on the other models, and
 * their {@code init} on a perceptron.
 */
final class ModelSection {
    private ModelSection() {
    }

    static SweepConfig.ModelSettings read(ConfigNode n) {
        String type = n.choice("type", null, Models.TYPES);
        if (type == null) {
            throw ConfigNode.problem("model.type", "is required: one of " + String.join(", ", Models.TYPES));
        }
        boolean mlp = type.equals("mlp");
        List<Integer> hidden = new ArrayList<>();
        String activation = null;
        String output = null;
        double initScale = 1.0;
        for (String key : List.of("hidden", "activation", "output", "init_scale")) {
            ConfigNode c = n.child(key);
            if (!mlp && !c.isNull()) {
                throw c.problem("applies to mlp only");
            }
        }
        if (mlp) {
            ConfigNode h = n.required("hidden");
            for (ConfigNode c : h.list()) {
                long width = c.raw() != null && c.raw().isNumber() ? c.whole() : 0;
                if (width < 1 || width > 1_000_000) {
                    throw c.problem("must be a whole number of units from 1 to 1000000, got "
                            + ConfigNode.describe(c.raw()));
                }
                hidden.add((int) width);
            }
            if (hidden.isEmpty()) {
                throw h.problem("must list the hidden layers' widths, at least one, e.g. [128, 64]");
            }
            activation = n.choice("activation", "relu", Activation.NAMES);
            output = n.choice("output", null, Models.OUTPUTS);
            if (output == null) {
                throw ConfigNode.problem("model.output", "is required for mlp: one of "
                        + String.join(", ", Models.OUTPUTS) + " (it sets the loss, as the model of that name has)");
            }
            initScale = n.number("init_scale", 1.0);
            if (!(initScale > 0) || Double.isInfinite(initScale)) {
                throw n.child("init_scale").problem("must be a positive number, got " + Format.number(initScale));
            }
        }
        int classes = 0;
        if (n.has("classes")) {
            if (!type.equals("softmax") && !"softmax".equals(output)) {
                throw n.child("classes").problem("applies to softmax only (model.type softmax, or an mlp's output)");
            }
            classes = (int) n.whole("classes", 0, 2);
        }
        ConfigNode init = n.child("init");
        if (mlp && !init.isNull()) {
            throw init.problem("applies to linear, logistic and softmax; an mlp starts from PyTorch's default"
                    + " initialisation of nn.Linear, its weights times model.init_scale");
        }
        Spec initSpec = init.isNull() ? Spec.of("zeros") : SweepFile.spec(init);
        if (!Models.INITIALISATIONS.contains(initSpec.type())) {
            throw init.problem("must be one of " + String.join(", ", Models.INITIALISATIONS) + ", got " + initSpec.type());
        }
        try {
            Models.initialParameters(Models.create("linear", 1, 0), initSpec, 0);
        } catch (SpecException e) {
            throw new ConfigException(init.path() + "." + e.getMessage());
        }
        n.rejectUnknownKeys();
        return new SweepConfig.ModelSettings(type, classes, initSpec, List.copyOf(hidden), activation, output,
                initScale);
    }
}
