package dev.lrsweep.core.optim;

import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import java.util.List;

/**
 * Builds optimizers from specs that use PyTorch's parameter names and defaults. The learning rate is not a
 * parameter here: it comes from the grid and the schedule, one value per update.
 */
public final class Optimizers {
    /** The optimizer types a sweep file may name. */
    public static final List<String> TYPES =
            List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam");

    private Optimizers() {
    }

    /** A rule and the spec it was built from, resolved (every parameter explicit) and readable. */
    public record Built(Optimizer optimizer, Spec.Resolved spec) {
        public String readable() {
            return spec.readable();
        }
    }

    public static Built create(Spec spec) {
        Spec.Reader r = spec.reader();
        Optimizer optimizer = switch (spec.type()) {
            case "sgd" -> sgd(r, 0.0, false);
            case "momentum" -> sgd(r, 0.9, false);
            case "nesterov" -> sgd(r, 0.9, true);
            case "adagrad" -> new Adagrad(
                    nonNegative(r, "lr_decay", 0.0),
                    nonNegative(r, "weight_decay", 0.0),
                    nonNegative(r, "initial_accumulator_value", 0.0),
                    nonNegative(r, "eps", 1e-10));
            case "rmsprop" -> new RmsProp(
                    nonNegative(r, "alpha", 0.99),
                    nonNegative(r, "eps", 1e-8),
                    nonNegative(r, "weight_decay", 0.0),
                    nonNegative(r, "momentum", 0.0),
                    r.flag("centered", false));
            case "adam", "adamw" -> {
                double[] betas = betas(r);
                boolean decoupled = spec.type().equals("adamw");
                yield new Adam(betas[0], betas[1],
                        nonNegative(r, "eps", 1e-8),
                        nonNegative(r, "weight_decay", decoupled ? 1e-2 : 0.0),
                        r.flag("amsgrad", false),
                        decoupled);
            }
            case "nadam" -> {
                double[] betas = betas(r);
                yield new NAdam(betas[0], betas[1],
                        nonNegative(r, "eps", 1e-8),
                        nonNegative(r, "weight_decay", 0.0),
                        nonNegative(r, "momentum_decay", 4e-3));
            }
            default -> throw unknown(spec.type());
        };
        return new Built(optimizer, r.finish());
    }

    private static SpecException unknown(String type) {
        String hint = dev.lrsweep.core.spec.Names.closest(type, TYPES);
        return new SpecException("type", "names no optimizer: " + type
                + (hint == null ? "" : " (did you mean " + hint + "?)") + "; known: " + String.join(", ", TYPES));
    }

    private static Optimizer sgd(Spec.Reader r, double defaultMomentum, boolean defaultNesterov) {
        double momentum = nonNegative(r, "momentum", defaultMomentum);
        double dampening = r.number("dampening", 0.0);
        boolean nesterov = r.flag("nesterov", defaultNesterov);
        double weightDecay = nonNegative(r, "weight_decay", 0.0);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new SpecException("nesterov", "requires a momentum above 0 and zero dampening");
        }
        return new Sgd(momentum, dampening, nesterov, weightDecay);
    }

    private static double[] betas(Spec.Reader r) {
        List<Double> b = r.numbers("betas", List.of(0.9, 0.999));
        if (b.size() != 2) {
            throw new SpecException("betas", "must be two numbers [beta1, beta2], got " + b.size());
        }
        for (int i = 0; i < 2; i++) {
            if (!(b.get(i) >= 0 && b.get(i) < 1)) {
                throw new SpecException("betas", "must lie in [0, 1), got " + dev.lrsweep.core.spec.Format.value(b));
            }
        }
        return new double[] {b.get(0), b.get(1)};
    }

    private static double nonNegative(Spec.Reader r, String name, double fallback) {
        double v = r.number(name, fallback);
        if (v < 0) {
            throw new SpecException(name, "must not be negative, got " + dev.lrsweep.core.spec.Format.number(v));
        }
        return v;
    }
}
