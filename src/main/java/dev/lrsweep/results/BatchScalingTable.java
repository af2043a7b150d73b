package dev.lrsweep.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.lrsweep.core.batch.ExponentFit;
import dev.lrsweep.core.spec.Format;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code batch_scaling/}: per optimizer × schedule of a grid with at least {@value #FEWEST_BATCH_SIZES} batch sizes,
 * how its largest stable rate and its recommended rate move with the batch size: the exponent k of α ∝ B^k fitted to
 * the summary's points ({@link ExponentFit}), its interval, and the rule it picks out. The summary has one row per
 * group, so this reads a few rows on the driver.
 */
public final class BatchScalingTable {
    /** The fewest batch sizes a grid needs for the table. */
    public static final int FEWEST_BATCH_SIZES = 3;
    /** The summary columns fitted, each giving the table's columns {@code <name>_exponent}, … */
    static final List<String> FITTED = List.of("largest_stable_lr", "recommended_lr");

    /** The columns: the group, then per fitted summary column its points, exponent, interval and rule. */
    public static final List<ResultColumn> COLUMNS = columns();

    private BatchScalingTable() {
    }

    private static List<ResultColumn> columns() {
        List<ResultColumn> c = new ArrayList<>(List.of(
                new ResultColumn("optimizer", StringType, false, "the group, as `summary` writes it"),
                new ResultColumn("schedule", StringType, false, "the group's schedule"),
                new ResultColumn("batch_sizes", IntegerType, false, "its batch sizes")));
        for (String fitted : FITTED) {
            String p = prefix(fitted);
            c.add(new ResultColumn(p + "_points", IntegerType, false, "the batch sizes with a `" + fitted + "`"));
            c.add(new ResultColumn(p + "_exponent", DoubleType, true, "k in `" + fitted + "` ∝ B^k: the"
                    + " least-squares slope of its log on log B"));
            c.add(new ResultColumn(p + "_exponent_low", DoubleType, true, "the 95 % interval's lower end (null with"
                    + " fewer than 3 points)"));
            c.add(new ResultColumn(p + "_exponent_high", DoubleType, true, "its upper end"));
            c.add(new ResultColumn(p + "_rule", StringType, false, "`linear`, `square-root` or `flat` when its"
                    + " exponent (1, ½, 0) is the only one in the interval, else `unclear`"));
        }
        return List.copyOf(c);
    }

    /** {@code largest_stable_lr} → {@code stable_lr}, {@code recommended_lr} → {@code recommended_lr}. */
    static String prefix(String column) {
        return column.replace("largest_", "");
    }

    /** One optimizer × schedule's fits. */
    public record Fits(String optimizer, String schedule, int batchSizes, List<ExponentFit> fits) {
    }

    /** The fits of every optimizer × schedule of a summary, in its order; empty with too few batch sizes. */
    public static List<Fits> fits(Dataset<Row> summary) {
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : summary.orderBy("group_index").collectAsList()) {
            groups.computeIfAbsent(List.of(r.getAs("optimizer"), r.getAs("schedule")), k -> new ArrayList<>()).add(r);
        }
        List<Fits> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Row>> g : groups.entrySet()) {
            List<Integer> batches = new ArrayList<>();
            for (Row r : g.getValue()) {
                batches.add(r.<Integer>getAs("batch_size"));
            }
            if (batches.stream().distinct().count() < FEWEST_BATCH_SIZES) {
                continue;
            }
            List<ExponentFit> fits = new ArrayList<>();
            for (String c : FITTED) {
                List<Double> rates = new ArrayList<>();
                for (Row r : g.getValue()) {
                    rates.add(r.isNullAt(r.fieldIndex(c)) ? Double.NaN : r.<Double>getAs(c));
                }
                fits.add(ExponentFit.of(batches, rates));
            }
            out.add(new Fits(g.getKey().get(0), g.getKey().get(1), (int) batches.stream().distinct().count(), fits));
        }
        return out;
    }

    /** Writes the table from a written summary, when the grid has enough batch sizes; returns the fits. */
    public static List<Fits> write(SparkSession spark, String summaryPath, String target) {
        List<Fits> fits = fits(spark.read().parquet(summaryPath));
        if (fits.isEmpty()) {
            return fits;
        }
        List<Row> rows = new ArrayList<>();
        for (Fits f : fits) {
            List<Object> values = new ArrayList<>(List.of(f.optimizer(), f.schedule(), f.batchSizes()));
            for (ExponentFit e : f.fits()) {
                values.addAll(Arrays.asList(e.points(), RowValues.absent(e.k()), RowValues.absent(e.low()),
                        RowValues.absent(e.high()), e.ruleLabel()));
            }
            rows.add(RowFactory.create(values.toArray()));
        }
        spark.createDataFrame(rows, ResultColumn.schema(COLUMNS)).coalesce(1).write().parquet(target);
        return fits;
    }

    /** The console's lines for the fits. */
    public static void print(List<Fits> fits, PrintWriter out) {
        if (fits.isEmpty()) {
            return;
        }
        out.println();
        out.println("Batch-size scaling (α ∝ B^k, 95 % interval; batch_scaling/):");
        for (Fits f : fits) {
            StringBuilder line = new StringBuilder("  " + f.optimizer() + " | " + f.schedule() + ":");
            for (int i = 0; i < FITTED.size(); i++) {
                ExponentFit e = f.fits().get(i);
                line.append(i == 0 ? " " : "; ").append(FITTED.get(i)).append(" k = ")
                        .append(Double.isNaN(e.k()) ? "-" : Format.significant(e.k(), 2));
                if (!Double.isNaN(e.low())) {
                    line.append(" [").append(Format.significant(e.low(), 2)).append(", ")
                            .append(Format.significant(e.high(), 2)).append("]");
                }
                line.append(" ").append(e.ruleLabel());
            }
            out.println(line);
        }
        out.flush();
    }
}
