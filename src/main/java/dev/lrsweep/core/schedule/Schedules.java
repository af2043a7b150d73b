package dev.lrsweep.core.schedule;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.core.spec.Names;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import java.util.List;

/**
 * Builds schedules from specs that use PyTorch's parameter names and defaults, for a base rate α and a run of T
 * updates. Any schedule but {@code warmup_cosine} may carry {@code warmup_steps} (W) and
 * {@code warmup_start_factor} (s, PyTorch LinearLR's default 1/3): the run then starts with W steps of LinearLR
 * from s·α to α, joined to the schedule, which is built for the remaining T − W updates.
 */
public final class Schedules {
    /** The schedule types a sweep file may name. */
    public static final List<String> TYPES = List.of("constant", "step", "multistep", "exponential", "inverse_time",
            "polynomial", "cosine", "warmup_cosine", "one_cycle", "cyclic");

    private Schedules() {
    }

    /** A schedule and the spec it was built from, resolved and readable. */
    public record Built(Schedule schedule, Spec.Resolved spec) {
        public String readable() {
            return spec.readable();
        }
    }

    /**
     * The schedule a spec describes, for base rate {@code alpha} and a run of {@code total} updates.
     *
     * @throws SpecException naming the parameter that is missing, unknown or impossible
     */
    public static Built create(Spec spec, double alpha, long total) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new SpecException("learning_rate", "must be a positive number, got " + Format.number(alpha));
        }
        if (total < 1) {
            throw new SpecException("steps", "must be at least 1, got " + total);
        }
        Spec.Reader r = spec.reader();
        long warmup = 0;
        double startFactor = 1.0 / 3.0;
        boolean ownWarmup = spec.type().equals("warmup_cosine");
        boolean wrapped = !ownWarmup && r.given("warmup_steps");
        if (!ownWarmup) {
            r.accept("warmup_steps", "warmup_start_factor");
            if (!wrapped && r.given("warmup_start_factor")) {
                throw new SpecException("warmup_start_factor", "needs warmup_steps");
            }
        }
        if (wrapped) {
            warmup = r.whole("warmup_steps", null, 0);
            startFactor = r.number("warmup_start_factor", 1.0 / 3.0);
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw new SpecException("warmup_start_factor", "must lie in (0, 1], got " + Format.number(startFactor));
            }
            if (warmup >= total) {
                throw new SpecException("warmup_steps", "(" + warmup + ") must be shorter than the run (" + total + " steps)");
            }
        }
        Schedule main = build(spec.type(), r, alpha, total - warmup);
        Spec.Resolved resolved = r.finish();
        Schedule schedule = warmup == 0 ? main
                : new Join(new Decays.LinearWarmup(alpha, startFactor, warmup), main, warmup);
        return new Built(schedule, resolved);
    }

    private static Schedule build(String type, Spec.Reader r, double alpha, long total) {
        return switch (type) {
            case "constant" -> new Decays.Constant(alpha);
            case "step" -> new Decays.Step(alpha, r.whole("step_size", null, 1), positive(r, "gamma", 0.1));
            case "multistep" -> new Decays.MultiStep(alpha, milestones(r), positive(r, "gamma", 0.1));
            case "exponential" -> new Decays.Exponential(alpha, positive(r, "gamma", null));
            case "inverse_time" -> new Decays.InverseTime(alpha, nonNegative(r, "decay_rate", null),
                    positive(r, "decay_steps", null), r.flag("staircase", false));
            case "polynomial" -> new Decays.Polynomial(alpha, total, nonNegative(r, "power", 1.0));
            case "cosine" -> new Decays.Cosine(alpha, total, nonNegative(r, "eta_min", 0.0));
            case "warmup_cosine" -> new Decays.WarmupCosine(alpha, warmupCosineSteps(r, total), total);
            case "one_cycle" -> oneCycle(r, alpha, total);
            case "cyclic" -> cyclic(r, alpha);
            default -> {
                String hint = Names.closest(type, TYPES);
                throw new SpecException("type", "names no schedule: " + type
                        + (hint == null ? "" : " (did you mean " + hint + "?)") + "; known: " + String.join(", ", TYPES));
            }
        };
    }

    private static long warmupCosineSteps(Spec.Reader r, long total) {
        boolean steps = r.given("warmup_steps");
        boolean fraction = r.given("warmup_fraction");
        if (steps == fraction) {
            throw new SpecException("warmup_steps", "or warmup_fraction (exactly one) is required for warmup_cosine");
        }
        long w;
        if (steps) {
            w = r.whole("warmup_steps", null, 0);
        } else {
            double f = r.number("warmup_fraction", null);
            if (!(f >= 0 && f < 1)) {
                throw new SpecException("warmup_fraction", "must lie in [0, 1), got " + Format.number(f));
            }
            w = (long) Math.floor(f * total);
        }
        if (w >= total) {
            throw new SpecException(steps ? "warmup_steps" : "warmup_fraction",
                    "gives a warm-up of " + w + " steps, which must be shorter than the run (" + total + " steps)");
        }
        return w;
    }

    private static Schedule oneCycle(Spec.Reader r, double alpha, long total) {
        double pctStart = r.number("pct_start", 0.3);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new SpecException("pct_start", "must lie in (0, 1), got " + Format.number(pctStart));
        }
        OneCycle schedule = OneCycle.of(alpha, total, pctStart,
                positive(r, "div_factor", 25.0),
                positive(r, "final_div_factor", 1e4),
                r.choice("anneal_strategy", "cos", "cos", "linear").equals("cos"),
                r.flag("three_phase", false));
        if (!(schedule.shortestPhase() > 0)) {
            throw new SpecException("pct_start", "(" + Format.number(pctStart) + ") leaves a phase with no steps in a run of "
                    + total + " steps");
        }
        return schedule;
    }

    private static Schedule cyclic(Spec.Reader r, double alpha) {
        String mode = r.choice("mode", "triangular", "triangular", "triangular2", "exp_range");
        double up = r.whole("step_size_up", 2000L, 1);
        double down = r.given("step_size_down") ? r.whole("step_size_down", null, 1) : up;
        r.accept("step_size_down");
        double gamma = positive(r, "gamma", 1.0);
        double base = r.number("base_lr", 0.1);
        if (!(base >= 0 && base <= 1)) {
            throw new SpecException("base_lr", "is a fraction of the learning rate and must lie in [0, 1], got "
                    + Format.number(base));
        }
        return new Cyclic(base * alpha, alpha, up, down, mode, gamma);
    }

    private static long[] milestones(Spec.Reader r) {
        List<Double> list = r.numbers("milestones", null);
        long[] m = new long[list.size()];
        for (int i = 0; i < m.length; i++) {
            double v = list.get(i);
            if (v != Math.rint(v) || v < 1 || (i > 0 && v < m[i - 1])) {
                throw new SpecException("milestones", "must be whole numbers ≥ 1 in non-decreasing order, got "
                        + Format.value(list));
            }
            m[i] = (long) v;
        }
        return m;
    }

    private static double positive(Spec.Reader r, String name, Double fallback) {
        double v = r.number(name, fallback);
        if (!(v > 0)) {
            throw new SpecException(name, "must be positive, got " + Format.number(v));
        }
        return v;
    }

    private static double nonNegative(Spec.Reader r, String name, Double fallback) {
        double v = r.number(name, fallback);
        if (v < 0) {
            throw new SpecException(name, "must not be negative, got " + Format.number(v));
        }
        return v;
    }
}
