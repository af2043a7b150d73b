package dev.lrsweep.run;

import dev.lrsweep.results.BatchScalingTable;
import dev.lrsweep.results.ResultColumn;
import dev.lrsweep.results.SummaryTable;
import dev.lrsweep.results.TrialsTable;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The README's schema tables, made from the column declarations ({@link TrialsTable}, {@link SummaryTable},
 * {@link Tables#CURVE_COLUMNS}, {@link LandscapeJob}, {@link RangeTestJob}, {@link BatchScalingTable}) so that the documentation cannot drift from the tables; a test holds the README to
 * them.
 */
public final class SchemaDocs {
    /** The tables in the order the README lists them. */
    public static final List<String> TABLES = List.of("trials", "curves", "summary", "landscape", "range_test",
            "range_test_curves", "batch_scaling");

    private SchemaDocs() {
    }

    /** The columns of a documented table. */
    public static List<ResultColumn> columns(String table) {
        return switch (table) {
            case "trials" -> TrialsTable.COLUMNS;
            case "curves" -> Tables.CURVE_COLUMNS;
            case "summary" -> SummaryTable.COLUMNS;
            case "landscape" -> LandscapeJob.COLUMNS;
            case "range_test" -> RangeTestJob.COLUMNS;
            case "range_test_curves" -> RangeTestJob.CURVE_COLUMNS;
            case "batch_scaling" -> BatchScalingTable.COLUMNS;
            default -> throw new IllegalArgumentException("no table " + table);
        };
    }

    /** A Markdown table: column, type (as {@code DESCRIBE} prints it), meaning. */
    public static String markdown(List<ResultColumn> columns) {
        StringBuilder s = new StringBuilder("| column | type | meaning |\n|---|---|---|\n");
        for (ResultColumn c : columns) {
            s.append("| `").append(c.name()).append("` | ").append(type(c.type())).append(" | ").append(c.meaning())
                    .append(" |\n");
        }
        return s.toString();
    }

    private static String type(DataType t) {
        if (t instanceof ArrayType a && a.elementType() instanceof StructType) {
            return "array&lt;struct&gt;";
        }
        return t.simpleString().replace("<", "&lt;").replace(">", "&gt;");
    }
}
