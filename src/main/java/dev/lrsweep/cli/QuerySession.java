package dev.lrsweep.cli;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.Errors;
import dev.lrsweep.results.QueryOutput;
import dev.lrsweep.results.ResultsDirectory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import org.apache.spark.sql.types.StructField;

/**
 * One Spark session over one or more results directories, for {@code lrsweep query}: the views of each directory,
 * statements run one after another (temporary views that one creates serve the next), and their results printed.
 */
final class QuerySession {
    /** A name {@code --with} accepts as a prefix: it must make valid, unquoted view names. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final SparkSession spark;
    private final QueryOutput.Style format;
    private final PrintWriter out;
    /** Each registered view and the directory whose table it reads. */
    private final Map<String, String> views = new LinkedHashMap<>();
    private int printed;

    QuerySession(SparkSession spark, QueryOutput.Style format, PrintWriter out) {
        this.spark = spark;
        this.format = format;
        this.out = out;
    }

    SparkSession spark() {
        return spark;
    }

    /** Registers a results directory's views, under {@code NAME_} when a name is given. */
    void open(String dir, String name) {
        String prefix = name == null ? "" : name + "_";
        for (String view : ResultsDirectory.register(spark, dir, prefix)) {
            views.put(view, dir.replaceAll("/+$", "") + "/" + view.substring(prefix.length()));
        }
    }

    /** The registered views, in order. */
    List<String> views() {
        return List.copyOf(views.keySet());
    }

    /**
     * Runs one statement and prints its result (nothing for a statement without columns, such as
     * {@code CREATE TEMPORARY VIEW}); results after the first are set off by a blank line.
     *
     * @return the rows printed, or −1 when the statement returned no columns
     * @throws ConfigException with one line, for a statement Spark refuses or cannot run
     */
    long execute(String statement) {
        try {
            Dataset<Row> result = spark.sql(statement);
            if (result.schema().isEmpty()) {
                return -1;
            }
            if (printed++ > 0) {
                out.println();
            }
            return QueryOutput.print(result, format, out);
        } catch (Exception e) { // Spark's AnalysisException is a checked exception that Scala code throws unchecked
            if (e instanceof AnalysisException) {
                throw new ConfigException("query: " + Errors.ownLine(e), e);
            }
            if (e instanceof SparkThrowable || e.getCause() instanceof SparkThrowable) {
                throw new ConfigException("query: " + Errors.oneLine(e), e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** {@code .tables}: every view, with the directory it reads (or {@code view} for one a statement made). */
    void printTables() {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, String> v : views.entrySet()) {
            rows.add(new String[] {v.getKey(), v.getValue()});
        }
        for (Table t : spark.catalog().listTables().collectAsList()) {
            if (t.isTemporary() && !views.containsKey(t.name())) {
                rows.add(new String[] {t.name(), "a view made in this session"});
            }
        }
        aligned(rows);
    }

    /** {@code .schema NAME}: the columns of a view or table and their types; without a name, of every view. */
    void printSchema(String name) {
        List<String> names = name == null ? views() : List.of(name);
        for (String n : names) {
            List<String[]> rows = new ArrayList<>();
            StructField[] fields;
            try {
                fields = spark.table(n).schema().fields();
            } catch (Exception e) {
                String hint = dev.lrsweep.core.spec.Names.closest(n, views.keySet());
                throw new ConfigException("query: no view or table " + n
                        + (hint == null ? "" : " (did you mean " + hint + "?)") + "; .tables lists them", e);
            }
            for (StructField f : fields) {
                rows.add(new String[] {"  " + f.name(), f.dataType().simpleString()});
            }
            if (names.size() > 1) {
                out.println(n + ":");
            }
            aligned(rows);
        }
    }

    private void aligned(List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            out.println(r[0] + " ".repeat(width - r[0].length() + 2) + r[1]);
        }
        out.flush();
    }
}
