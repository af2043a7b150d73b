package dev.lrsweep.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What differs between two resolved sweeps ({@link dev.lrsweep.sweep.ResolvedSweep}), as the keys that differ:
 * {@code grid.learning_rates}, {@code train.epochs}. The {@code output} key is left out: a work directory and an
 * output belong to each other by their paths, however the path was spelled. A {@code data.layout} or
 * {@code data.shards} of {@code auto} in the later sweep matches whatever the earlier one resolved it to.
 */
final class SweepDifference {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SweepDifference() {
    }

    /** The differing keys, joined (at most three named), or null when the sweeps are the same. */
    static String of(String before, String now) {
        List<String> keys = new ArrayList<>();
        try {
            compare("", YAML.readTree(before), YAML.readTree(now), keys, 0);
        } catch (IOException e) {
            return "the earlier sweep cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        if (keys.isEmpty()) {
            return null;
        }
        String named = String.join(", ", keys.subList(0, Math.min(3, keys.size())));
        return keys.size() > 3 ? named + " and " + (keys.size() - 3) + " more keys" : named;
    }

    private static void compare(String prefix, JsonNode a, JsonNode b, List<String> keys, int depth) {
        if (a != null && b != null && a.isObject() && b.isObject() && depth < 2) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
                String name = it.next();
                if (depth == 0 && name.equals("output")) {
                    continue;
                }
                compare(prefix.isEmpty() ? name : prefix + "." + name, a.get(name), b.get(name), keys, depth + 1);
            }
            return;
        }
        boolean resolvedFromAuto = (prefix.equals("data.layout") || prefix.equals("data.shards")) && b != null
                && b.isTextual() && b.asText().equals("auto");
        if (!resolvedFromAuto && (a == null ? b != null : !a.equals(b))) {
            keys.add(prefix);
        }
    }
}
