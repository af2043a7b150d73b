package dev.lrsweep.core.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named component with its parameters, as a sweep file writes it: {@code {type: adamw, weight_decay: 0.01}}.
 *
 * <p>Values are {@link Double}, {@link Boolean}, {@link String} or a {@link List} of {@link Double}. A factory
 * reads the parameters it knows with the typed getters, which fill in defaults, and then calls
 * {@link Reader#finish()}, which refuses any parameter it did not read. The resolved spec (every parameter
 * explicit) is what identifies a trial; the readable form lists only the parameters that differ from their
 * defaults.
 */
public final class Spec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final Map<String, Object> values;

    public Spec(String type, Map<String, ?> values) {
        if (type == null || type.isBlank()) {
            throw new SpecException("type", "is missing");
        }
        this.type = type;
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, normalise(k, v)));
        this.values = Collections.unmodifiableMap(copy);
    }

    public static Spec of(String type) {
        return new Spec(type, Map.of());
    }

    /** A spec from alternating names and values: {@code Spec.of("step", "step_size", 7, "gamma", 0.5)}. */
    public static Spec of(String type, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Spec(type, map);
    }

    public String type() {
        return type;
    }

    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A copy with one parameter set (or replaced). */
    public Spec with(String name, Object value) {
        Map<String, Object> map = new LinkedHashMap<>(values);
        map.put(name, value);
        return new Spec(type, map);
    }

    /** A copy without the named parameters. */
    public Spec without(String... names) {
        Map<String, Object> map = new LinkedHashMap<>(values);
        for (String n : names) {
            map.remove(n);
        }
        return new Spec(type, map);
    }

    public Reader reader() {
        return new Reader();
    }

    /** A value for an error message: strings quoted, so that {@code "true"} is not mistaken for true. */
    static String describe(Object v) {
        return v instanceof String ? "'" + v + "'" : Format.value(v);
    }

    private static Object normalise(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof List<?> list) {
            List<Double> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof Number n)) {
                    throw new SpecException(key, "must be a list of numbers, got " + o);
                }
                out.add(n.doubleValue());
            }
            return Collections.unmodifiableList(out);
        }
        throw new SpecException(key, "has an unsupported value " + v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spec s && s.type.equals(type) && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + values.hashCode();
    }

    /** Every parameter, in order: {@code adam(betas=[0.9, 0.999],eps=1e-08)}. */
    @Override
    public String toString() {
        return Format.call(type, values);
    }

    /**
     * Reads parameters with defaults and remembers which ones it read, so that {@link #finish()} can refuse
     * the rest and build the resolved and readable forms.
     */
    public final class Reader {
        private final Map<String, Object> resolved = new LinkedHashMap<>();
        private final Map<String, Object> nonDefault = new LinkedHashMap<>();
        private final Set<String> read = new LinkedHashSet<>();

        private Reader() {
        }

        private Object raw(String name, Object fallback) {
            read.add(name);
            Object v = values.containsKey(name) ? values.get(name) : fallback;
            if (v != null) {
                resolved.put(name, v);
                if (values.containsKey(name) && !v.equals(fallback)) {
                    nonDefault.put(name, v);
                }
            }
            return v;
        }

        /** A number, or the default; {@code fallback} null makes the parameter required. */
        public double number(String name, Double fallback) {
            Object v = raw(name, fallback);
            if (v == null) {
                throw new SpecException(name, "is required for " + type);
            }
            if (!(v instanceof Double d)) {
                throw new SpecException(name, "must be a number, got " + describe(v));
            }
            if (!Double.isFinite(d)) {
                throw new SpecException(name, "must be finite, got " + describe(v));
            }
            return d;
        }

        /** A whole number ≥ {@code min}, or the default. */
        public long whole(String name, Long fallback, long min) {
            double d = number(name, fallback == null ? null : fallback.doubleValue());
            if (d != Math.rint(d)) {
                throw new SpecException(name, "must be a whole number, got " + Format.value(d));
            }
            if (d < min) {
                throw new SpecException(name, "must be at least " + min + ", got " + Format.value(d));
            }
            return (long) d;
        }

        public boolean flag(String name, boolean fallback) {
            Object v = raw(name, fallback);
            if (!(v instanceof Boolean b)) {
                throw new SpecException(name, "must be true or false, got " + describe(v));
            }
            return b;
        }

        public String choice(String name, String fallback, String... allowed) {
            Object v = raw(name, fallback);
            if (!(v instanceof String s)) {
                throw new SpecException(name, "must be one of " + String.join(", ", allowed) + ", got " + describe(v));
            }
            for (String a : allowed) {
                if (a.equals(s)) {
                    return s;
                }
            }
            throw new SpecException(name, "must be one of " + String.join(", ", allowed) + ", got " + s);
        }

        public List<Double> numbers(String name, List<Double> fallback) {
            Object v = raw(name, fallback);
            if (v == null) {
                throw new SpecException(name, "is required for " + type);
            }
            if (!(v instanceof List<?> list)) {
                throw new SpecException(name, "must be a list of numbers, got " + describe(v));
            }
            @SuppressWarnings("unchecked")
            List<Double> doubles = (List<Double>) list;
            return doubles;
        }

        /** True when the spec names the parameter, without marking it read. */
        public boolean given(String name) {
            return values.containsKey(name);
        }

        /** Marks a parameter as understood without reading it (for parameters handled elsewhere). */
        public void accept(String... names) {
            Collections.addAll(read, names);
        }

        /** Refuses any parameter that was not read; returns the resolved and readable forms. */
        public Resolved finish() {
            List<String> unknown = new ArrayList<>();
            for (String k : values.keySet()) {
                if (!read.contains(k)) {
                    unknown.add(k);
                }
            }
            if (!unknown.isEmpty()) {
                String k = unknown.get(0);
                String hint = Names.closest(k, read);
                throw new SpecException(k, "is not a parameter of " + type
                        + (hint == null ? "" : " (did you mean " + hint + "?)")
                        + "; it takes " + (read.isEmpty() ? "no parameters" : String.join(", ", read)));
            }
            return new Resolved(new Spec(type, resolved), Format.call(type, nonDefault));
        }
    }

    /** The spec with every parameter explicit, and the readable string that names only non-defaults. */
    public record Resolved(Spec spec, String readable) implements Serializable {
    }
}
