package dev.lrsweep.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Collects a checked data set to the driver once and packs it into primitive arrays.
 *
 * <p>Without a cap, rows come in input order: by file name, then by position in the file (the block's start,
 * then the row's place in its block), whatever the partitioning. With
 * {@code max_rows} below the row count, each row gets a key: a 64-bit hash of the seed and the row's values, and
 * the rows with the {@code max_rows} smallest keys are kept, in key order. That is exactly {@code max_rows} rows,
 * a uniform sample (the hash acts as a random number per distinct row), the same whatever the partitioning, and
 * computed as a top-k on the executors, so the driver never holds more than {@code max_rows} rows. Spark's
 * {@code sample} would instead depend on the partitioning and give only roughly the requested count.
 */
final class Packer {
    /** The most values one Java array can hold. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 16;

    private Packer() {
    }

    /** Packed rows: {@code rows × features} values row-major and one label per row. */
    record Packed(int rows, int features, double[] x, double[] y, long sourceRows) {
        boolean sampled() {
            return rows < sourceRows;
        }
    }

    static Packed collect(DataReader.Checked data, long maxRows, long seed, boolean float32, String capKey) {
        Dataset<Row> ds = data.selected();
        long n = data.rows();
        List<Column> values = new ArrayList<>();
        for (String c : ds.columns()) {
            if (!List.of(DataReader.FILE, DataReader.BLOCK, DataReader.ROW).contains(c)) {
                values.add(col(c));
            }
        }
        if (maxRows > 0 && n > maxRows) {
            List<Column> hashed = new ArrayList<>(values);
            hashed.add(0, lit(seed));
            ds = ds.withColumn("__key", xxhash64(hashed.toArray(new Column[0])))
                    .orderBy("__key").limit((int) Math.min(maxRows, Integer.MAX_VALUE));
            n = maxRows;
        } else {
            ds = ds.orderBy(DataReader.FILE, DataReader.BLOCK, DataReader.ROW);
        }
        ds = ds.select(values.toArray(new Column[0]));
        int d = data.features();
        if (n * Math.max(d, 1) > MAX_VALUES) {
            throw data.source().problem(n + " rows × " + d + " features are more values than one array holds;"
                    + " set " + capKey + " to sample fewer rows");
        }
        int rows = (int) n;
        double[] x = new double[rows * d];
        double[] y = new double[rows];
        Dataset<Row> source = ds;
        int read = DataReader.action(data.source(), "rows", () -> {
            Iterator<Row> it = source.toLocalIterator();
            int i = 0;
            boolean vector = data.plan().vector() != null;
            while (it.hasNext()) {
                Row r = it.next();
                if (i == rows) {
                    return rows + 1;
                }
                y[i] = round(r.getDouble(0), float32);
                int offset = i * d;
                if (vector) {
                    List<Double> v = r.getList(1);
                    if (v.size() != d) {
                        return -1;
                    }
                    for (int j = 0; j < d; j++) {
                        x[offset + j] = round(v.get(j), float32);
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        x[offset + j] = round(r.getDouble(j + 1), float32);
                    }
                }
                i++;
            }
            return i;
        });
        if (read != rows) {
            throw data.source().problem("changed while it was being read (" + rows + " rows when checked, "
                    + (read < 0 ? "a vector of another length" : read > rows ? "more" : read + " rows") + " when collected)");
        }
        return new Packed(rows, d, x, y, data.rows());
    }

    private static double round(double v, boolean float32) {
        return float32 ? (float) v : v;
    }
}
