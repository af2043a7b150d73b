package dev.lrsweep.cli;

import dev.lrsweep.io.Errors;
import dev.lrsweep.spark.QueryOutput;
import dev.lrsweep.spark.ResultsDirectory;
import dev.lrsweep.sweep.ConfigException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lrsweep query}: runs Spark SQL over a results directory, whose tables are views of the same names
 * ({@link dev.lrsweep.spark.ResultsDirectory}).
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run Spark SQL over a sweep's results: the views trials, curves and summary, and those of the"
                + " other tables it holds (landscape, range_test, range_test_curves, batch_scaling).",
                "Example: lrsweep query results/demo \"SELECT rank, status, learning_rate FROM trials"
                        + " ORDER BY rank LIMIT 5\""})
public final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A directory that lrsweep run wrote.")
    String dir;

    @Parameters(index = "1", paramLabel = "SQL", description = "One Spark SQL query.")
    String sql;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = StyleConverter.class,
            description = "table (aligned, at most " + QueryOutput.TABLE_ROWS + " rows), csv (a header line,"
                    + " RFC 4180 quoting) or json (one object per line); default: ${DEFAULT-VALUE}.")
    QueryOutput.Style format;

    public QueryCommand() {
    }

    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().appName("lrsweep query").getOrCreate();
        ResultsDirectory.register(spark, dir);
        try {
            Dataset<Row> result = spark.sql(sql);
            QueryOutput.print(result, format, spec.commandLine().getOut());
        } catch (Exception e) { // Spark's AnalysisException is a checked exception that Scala code throws unchecked
            if (e instanceof AnalysisException) {
                throw new ConfigException("query: " + Errors.ownLine(e), e);
            }
            if (e instanceof SparkThrowable || e.getCause() instanceof SparkThrowable) {
                throw new ConfigException("query: " + Errors.oneLine(e), e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return 0;
    }

    /** table, csv or json, in any case. */
    static final class StyleConverter implements ITypeConverter<QueryOutput.Style> {
        @Override
        public QueryOutput.Style convert(String value) {
            try {
                return QueryOutput.Style.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected table, csv or json, got " + value);
            }
        }
    }
}
