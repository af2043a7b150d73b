package dev.lrsweep.io;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The first pass over a data set, one task per partition: counts the rows of every input split and runs the data
 * checks ({@link RowChecks}), in one read and without building a row object. Only these counts reach the driver.
 */
final class RowScan implements FlatMapFunction<Iterator<InternalRow>, RowScan.Result> {
    private static final long serialVersionUID = 1L;

    /** A partition's splits with their row counts, in the order read, and its checks. */
    @DefaultSerializer(JavaSerializer.class)
    record Result(Map<SourceRows.Split, Long> splits, RowChecks checks) implements Serializable {
    }

    private final SourceRows columns;
    private final RowChecks.LabelRule rule;

    RowScan(SourceRows columns, RowChecks.LabelRule rule) {
        this.columns = columns;
        this.rule = rule;
    }

    @Override
    public Iterator<Result> call(Iterator<InternalRow> rows) {
        RowChecks checks = new RowChecks(columns.scalars());
        Map<SourceRows.Split, Long> splits = new LinkedHashMap<>();
        SourceRows.Split current = null;
        long count = 0;
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            SourceRows.Split split = columns.split(row);
            if (split != current) {
                if (current != null) {
                    put(splits, current, count);
                }
                current = split;
                count = 0;
            }
            count++;
            checks.row(row, columns, rule);
        }
        if (current != null) {
            put(splits, current, count);
        }
        List<Result> out = new ArrayList<>(1);
        out.add(new Result(splits, checks));
        return out.iterator();
    }

    private static void put(Map<SourceRows.Split, Long> splits, SourceRows.Split split, long count) {
        if (splits.putIfAbsent(split, count) != null) {
            throw new IllegalStateException("the rows of split " + split + " did not come one after another");
        }
    }
}
