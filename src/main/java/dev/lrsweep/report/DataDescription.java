package dev.lrsweep.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data as a run read it, kept beside the results as {@value #FILE} so that a report made later can show it.
 *
 * @param path           where the data came from
 * @param trainRows      training rows (after sampling)
 * @param validationRows validation rows, 0 without validation
 * @param validation     how the validation rows were chosen: a fraction of the rows, or a path; null without
 * @param features       the features, in column order
 * @param classes        softmax: the classes; 0 for the other models
 * @param standardized   whether each feature was standardised with the training rows' statistics
 * @param constant       features constant in the training rows
 * @param notes          what was done to the data: sampling, columns that are not features, constant columns, …
 */
public record DataDescription(String path, long trainRows, long validationRows, String validation,
                              List<String> features, int classes, boolean standardized, List<String> constant,
                              List<String> notes) {
    /** The file in a results directory. */
    public static final String FILE = "data.yaml";

    public DataDescription {
        features = List.copyOf(features);
        constant = List.copyOf(constant);
        notes = List.copyOf(notes);
    }

    private static ObjectMapper yamlMapper() {
        return new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }

    /** As YAML, readable by {@link #fromYaml}. */
    public String toYaml() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("path", path);
        root.put("train_rows", trainRows);
        root.put("validation_rows", validationRows);
        root.put("validation", validation);
        root.put("classes", classes);
        root.put("standardized", standardized);
        root.put("features", features);
        root.put("constant_features", constant);
        root.put("notes", notes);
        try {
            return yamlMapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@link #toYaml}'s text. */
    public static DataDescription fromYaml(String yaml) {
        try {
            JsonNode n = yamlMapper().readTree(yaml);
            return new DataDescription(text(n, "path"), n.path("train_rows").asLong(), n.path("validation_rows").asLong(),
                    text(n, "validation"), strings(n, "features"), n.path("classes").asInt(),
                    n.path("standardized").asBoolean(), strings(n, "constant_features"), strings(n, "notes"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(FILE + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }
}
