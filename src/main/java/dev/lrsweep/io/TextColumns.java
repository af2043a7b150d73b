package dev.lrsweep.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.lrsweep.errors.DataException;
import dev.lrsweep.sweep.SweepConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Text columns that hold numbers but for a few stray cells: a CSV column of numbers with one {@code x} in it,
 * which Spark's schema inference reads as a string column. Of a column the sweep file names (the label, or a listed
 * feature) some values read as numbers; of a column taken because the features are inferred, more than half. Unless {@code data.drop_invalid} is set, it is refused with the first stray cell's row and value named;
 * with it, the column is read as numbers and the rows of its stray cells are dropped with the other invalid rows.
 * Any other text column is left alone: {@link ColumnPlan} skips it when the features
 * are inferred, and refuses it when it is named.
 */
final class TextColumns {
    private TextColumns() {
    }

    /**
     * The string columns among the label and the features (named, or every column when inferred) that hold numbers
     * but for stray cells; one pass over the data, only when there are string columns to look at.
     *
     * @param expected the training data's features, when this is the validation set; else null
     * @throws DataException naming the first stray cell, when {@code data.drop_invalid} is not set
     */
    static Set<String> numeric(Dataset<Row> raw, SweepConfig.Data data, Source source, List<String> expected) {
        List<String> candidates = candidates(raw.schema(), data, expected);
        if (candidates.isEmpty()) {
            return Set.of();
        }
        Dataset<Row> located = raw.withColumn(DataReader.FILE, input_file_name())
                .withColumn(DataReader.BLOCK, input_file_block_start())
                .withColumn(DataReader.ROW, monotonically_increasing_id());
        List<Column> aggregates = new ArrayList<>();
        for (String name : candidates) {
            Column c = DataReader.quoted(name);
            Column number = asDouble(name);
            aggregates.add(count(c));
            aggregates.add(count(number));
            aggregates.add(min(when(c.isNotNull().and(number.isNull()), struct(col(DataReader.FILE),
                    col(DataReader.BLOCK), col(DataReader.ROW), c.as("value")))));
        }
        Row r = DataReader.action(source, data.format(), () -> located.agg(aggregates.get(0),
                aggregates.subList(1, aggregates.size()).toArray(new Column[0])).first());
        Set<String> numeric = new LinkedHashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            long values = r.getLong(3 * i);
            long numbers = r.getLong(3 * i + 1);
            boolean named = !inferred(data, expected) || candidates.get(i).equals(data.label());
            if (named ? numbers == 0 : numbers * 2 <= values) {
                continue; // text
            }
            if (!data.dropInvalid()) {
                Row stray = r.getStruct(3 * i + 2);
                throw source.problem(role(candidates.get(i), data, expected) + " holds numbers but for "
                        + (values - numbers) + " of its " + values + " values: " + where(located, stray, data, source)
                        + " holds '" + stray.getString(3) + "'; fix " + (values - numbers == 1 ? "it" : "them")
                        + ", or set data.drop_invalid: true to drop such rows" + (inferred(data, expected)
                        && !candidates.get(i).equals(data.label()) ? ", or list data.features without it" : ""));
            }
            numeric.add(candidates.get(i));
        }
        return numeric;
    }

    /** A string column read as numbers: null where a value is not one. */
    static Column asDouble(String name) {
        return expr("try_cast(`" + name.replace("`", "``") + "` AS DOUBLE)");
    }

    /** The string columns among the label and the features: those that may hold numbers. */
    static List<String> candidates(StructType schema, SweepConfig.Data data, List<String> expected) {
        List<String> wanted = expected != null ? expected : data.features();
        List<String> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!(f.dataType() instanceof StringType)) {
                continue;
            }
            boolean label = f.name().equals(data.label());
            boolean feature = data.vectorColumn() == null && (wanted == null || wanted.contains(f.name()));
            if (label || feature) {
                out.add(f.name());
            }
        }
        return out;
    }

    private static boolean inferred(SweepConfig.Data data, List<String> expected) {
        return expected == null && data.features() == null && data.vectorColumn() == null;
    }

    private static String role(String name, SweepConfig.Data data, List<String> expected) {
        return name.equals(data.label()) ? "label column " + name + " is string, not numeric: it"
                : inferred(data, expected) ? "column " + name
                : "feature column " + name + " is string, not numeric: it";
    }

    /** {@code row 3 of /data/part-00000.csv (not counting the header)}: the stray cell's row within its file. */
    private static String where(Dataset<Row> located, Row stray, SweepConfig.Data data, Source source) {
        String file = stray.getString(0);
        long block = stray.getLong(1);
        long row = stray.getLong(2);
        long before = DataReader.action(source, data.format(), () -> located.filter(col(DataReader.FILE).equalTo(file)
                .and(col(DataReader.BLOCK).lt(block).or(col(DataReader.BLOCK).equalTo(block)
                        .and(col(DataReader.ROW).lt(row))))).count());
        boolean header = data.format().equals("csv") && data.options().entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase("header") && e.getValue().equalsIgnoreCase("true"));
        String name = source.name(file);
        return "row " + (before + 1) + (name.isEmpty() ? "" : " of " + name) + (header ? " (not counting the header)"
                : "");
    }
}
