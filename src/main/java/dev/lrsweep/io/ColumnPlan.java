package dev.lrsweep.io;

import dev.lrsweep.core.spec.Names;
import dev.lrsweep.sweep.SweepConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns of a data set hold the label and the features, resolved against its schema: a list of numeric
 * columns, or one vector column ({@code ml} Vector or array of numbers).
 *
 * @param features scalar feature columns, or null when the features are in {@code vector}
 * @param vector   the vector column, or null
 * @param floating for each scalar feature, whether its type can hold NaN and infinities
 * @param skipped  the non-numeric columns left out when the features are every numeric column, with their types
 * @param text     the string columns read as numbers ({@link TextColumns}), whose stray cells become nulls
 */
record ColumnPlan(String label, boolean labelFloating, List<String> features, String vector, boolean mlVector,
                  boolean[] floating, List<String> skipped, Set<String> text) {

    /**
     * Resolves the columns, refusing missing and non-numeric ones with the closest existing name suggested.
     *
     * @param expected the training data's feature names when resolving a validation set (its columns must be the
     *                 same), else null
     */
    static ColumnPlan resolve(StructType schema, SweepConfig.Data data, Source source, List<String> expected,
                              Set<String> text) {
        List<String> names = Arrays.asList(schema.fieldNames());
        StructField label = field(schema, names, data.label(), "label", source);
        if (!numeric(label, text)) {
            throw source.problem("label column " + data.label() + " is " + label.dataType().simpleString()
                    + ", not numeric");
        }
        boolean labelFloating = isFloating(label, text);
        if (data.vectorColumn() != null) {
            StructField v = field(schema, names, data.vectorColumn(), "feature", source);
            DataType t = v.dataType();
            boolean ml = t instanceof VectorUDT;
            if (!ml && !(t instanceof ArrayType a && a.elementType() instanceof NumericType)) {
                throw source.problem("feature column " + v.name() + " is " + t.simpleString()
                        + ", not a vector (an ml Vector or an array of numbers)");
            }
            return new ColumnPlan(label.name(), labelFloating, null, v.name(), ml, new boolean[0], List.of(), text);
        }
        List<String> wanted = expected != null ? expected : data.features();
        List<StructField> fields = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (wanted != null) {
            for (String name : wanted) {
                StructField f = field(schema, names, name, "feature", source);
                if (!numeric(f, text)) {
                    throw source.problem("feature column " + name + " is " + f.dataType().simpleString()
                            + ", not numeric");
                }
                fields.add(f);
            }
        } else {
            for (StructField f : schema.fields()) {
                if (numeric(f, text) && !f.name().equals(label.name())) {
                    fields.add(f);
                } else if (!f.name().equals(label.name())) {
                    skipped.add(f.name() + " (" + f.dataType().simpleString() + ")");
                }
            }
            if (fields.isEmpty()) {
                throw source.problem("has no numeric feature columns besides the label " + label.name()
                        + " (columns: " + describe(schema) + ")");
            }
        }
        boolean[] floating = new boolean[fields.size()];
        for (int j = 0; j < floating.length; j++) {
            floating[j] = isFloating(fields.get(j), text);
        }
        return new ColumnPlan(label.name(), labelFloating,
                fields.stream().map(StructField::name).collect(Collectors.toUnmodifiableList()), null, false, floating,
                List.copyOf(skipped), text);
    }

    private static StructField field(StructType schema, List<String> names, String name, String role, Source source) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        String hint = Names.closest(name, names);
        throw source.problem("has no " + role + " column " + name
                + (hint == null ? "" : " (did you mean " + hint + "?)") + "; columns: " + describe(schema));
    }

    /** A number column, or a string column read as numbers. */
    private static boolean numeric(StructField f, Set<String> text) {
        return f.dataType() instanceof NumericType || text.contains(f.name());
    }

    /** Whether the column can hold NaN and infinities (a string column read as numbers can: 'NaN', 'Infinity'). */
    private static boolean isFloating(StructField f, Set<String> text) {
        DataType t = f.dataType();
        return t instanceof DoubleType || t instanceof FloatType || text.contains(f.name());
    }

    /** Reads a column as double: a cast, or for a string column read as numbers, null where a value is not one. */
    Column asDouble(String name) {
        return text.contains(name) ? TextColumns.asDouble(name) : DataReader.quoted(name).cast("double");
    }

    static String describe(StructType schema) {
        String all = Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().simpleString())
                .collect(Collectors.joining(", "));
        return all.length() > 200 ? all.substring(0, 200) + " …" : all;
    }
}
