package dev.lrsweep.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.core.spec.Names;
import dev.lrsweep.errors.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a sweep file with its key path, for reading values strictly: every problem names the key
 * ({@code grid.batch_sizes[1]}) and unknown keys are refused with the closest known name.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    JsonNode raw() {
        return node;
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigException problem(String problem) {
        return new ConfigException((path.isEmpty() ? "the sweep file" : path) + " " + problem);
    }

    static ConfigException problem(String key, String problem) {
        return new ConfigException(key + " " + problem);
    }

    boolean isObject() {
        return node != null && node.isObject();
    }

    boolean isNull() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The child under {@code key}; its node is null when absent. */
    ConfigNode child(String key) {
        read.add(key);
        return new ConfigNode(node == null ? null : node.get(key), keyPath(key));
    }

    boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    /** The child under {@code key}, which must be there; when it is not, a near-miss key of this mapping is named. */
    ConfigNode required(String key) {
        ConfigNode c = child(key);
        if (c.isNull()) {
            List<String> present = new ArrayList<>();
            if (isObject()) {
                node.fieldNames().forEachRemaining(present::add);
            }
            present.remove(key);
            String hint = Names.closest(key, present);
            throw problem(keyPath(key), "is required" + (hint == null ? "" : " (" + (path.isEmpty() ? "the sweep file"
                    : path) + " has " + hint + ": did you mean " + key + "?)"));
        }
        return c;
    }

    ConfigNode object() {
        if (!isObject()) {
            throw problem("must be a mapping of keys to values, got " + describe(node));
        }
        return this;
    }

    List<ConfigNode> list() {
        if (node == null || !node.isArray()) {
            throw problem("must be a list, got " + describe(node));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    String text() {
        if (node == null || !(node.isTextual() || node.isNumber() || node.isBoolean())) {
            throw problem("must be a string, got " + describe(node));
        }
        return node.asText();
    }

    String text(String key, String fallback) {
        ConfigNode c = child(key);
        return c.isNull() ? fallback : c.text();
    }

    String choice(String key, String fallback, List<String> allowed) {
        ConfigNode c = child(key);
        if (c.isNull()) {
            return fallback;
        }
        String v = c.text();
        if (!allowed.contains(v)) {
            String hint = Names.closest(v, allowed);
            throw c.problem("must be one of " + String.join(", ", allowed) + ", got " + v
                    + (hint == null ? "" : " (did you mean " + hint + "?)"));
        }
        return v;
    }

    /** A number; YAML 1.1 reads {@code 1e-4} as a string, so a numeric string counts as a number. */
    double number() {
        if (node != null && node.isNumber()) {
            return node.asDouble();
        }
        if (node != null && node.isTextual()) {
            try {
                return Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw problem("must be a number, got " + describe(node));
    }

    double number(String key, double fallback) {
        ConfigNode c = child(key);
        return c.isNull() ? fallback : c.number();
    }

    long whole() {
        double v = number();
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw problem("must be a whole number, got " + describe(node));
        }
        return (long) v;
    }

    long whole(String key, long fallback, long min) {
        ConfigNode c = child(key);
        if (c.isNull()) {
            return fallback;
        }
        long v = c.whole();
        if (v < min) {
            throw c.problem("must be at least " + min + ", got " + v);
        }
        return v;
    }

    boolean flag(String key, boolean fallback) {
        ConfigNode c = child(key);
        if (c.isNull()) {
            return fallback;
        }
        if (!c.node.isBoolean()) {
            throw c.problem("must be true or false, got " + describe(c.node));
        }
        return c.node.asBoolean();
    }

    /** The scalar entries of a mapping as strings (Spark reader options). */
    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        if (isNull()) {
            return out;
        }
        object();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
                throw problem(keyPath(e.getKey()), "must be a single value, got " + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** Refuses any key of this mapping that was not read. */
    void rejectUnknownKeys() {
        if (!isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!read.contains(k)) {
                String hint = Names.closest(k, read);
                throw problem(keyPath(k), "is not a known key" + (hint == null ? "" : " (did you mean " + hint + "?)")
                        + "; " + (path.isEmpty() ? "the top level" : path) + " takes " + String.join(", ", read));
            }
        }
    }

    static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        return n.toString();
    }
}
