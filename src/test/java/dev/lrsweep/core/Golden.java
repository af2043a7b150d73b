package dev.lrsweep.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the golden values that PyTorch produced ({@code src/test/resources/golden/torch_optim.json}, made by
 * {@code src/test/golden/make_golden.py}, and {@code torch_mlp.json}, made by {@code make_golden_mlp.py}).
 */
public final class Golden {
    private static JsonNode root;
    private static JsonNode perceptrons;

    private Golden() {
    }

    public static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Golden.class.getResourceAsStream("/golden/torch_optim.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** The perceptrons' golden file. */
    public static synchronized JsonNode perceptrons() {
        if (perceptrons == null) {
            try (InputStream in = Golden.class.getResourceAsStream("/golden/torch_mlp.json")) {
                perceptrons = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return perceptrons;
    }

    public static List<JsonNode> list(String name) {
        List<JsonNode> out = new ArrayList<>();
        root().get(name).forEach(out::add);
        return out;
    }

    public static DataBlock dataset(String name) {
        JsonNode set = root().get("datasets").get(name);
        JsonNode x = set.get("x");
        double[][] rows = new double[x.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = doubles(x.get(i));
        }
        return DataBlock.of(rows, doubles(set.get("y")));
    }

    public static int classes(String dataset) {
        JsonNode c = root().get("datasets").get(dataset).get("classes");
        return c == null ? 0 : c.asInt();
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** A {@code {"type": ..., ...}} object as a spec. */
    public static Spec spec(JsonNode node) {
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("type")) {
                continue;
            }
            JsonNode v = f.getValue();
            Object value;
            if (v.isBoolean()) {
                value = v.asBoolean();
            } else if (v.isNumber()) {
                value = v.asDouble();
            } else if (v.isArray()) {
                List<Double> list = new ArrayList<>();
                v.forEach(e -> list.add(e.asDouble()));
                value = list;
            } else {
                value = v.asText();
            }
            values.put(f.getKey(), value);
        }
        return new Spec(node.get("type").asText(), values);
    }
}
