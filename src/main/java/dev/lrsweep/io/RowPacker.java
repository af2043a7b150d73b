package dev.lrsweep.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple2;

/**
 * The packing pass over a data set, one task per partition: gives each row its position in the input (its split's
 * first position, from the first pass or the files' footers, plus its place in the split), decides its
 * {@link RowRoles role} and packs the rows that are kept into {@link RowChunk}s of one split and one target (shard
 * or validation rows). Given a label rule, it also checks every row read ({@link RowChecks}) and sends the
 * partition's checks last, to {@link RowRoles#checksTarget()}.
 */
final class RowPacker implements PairFlatMapFunction<Iterator<InternalRow>, Integer, RowChunk> {
    private static final long serialVersionUID = 1L;

    private final SourceRows columns;
    private final int features;
    private final boolean float32;
    private final RowRoles roles;
    private final Broadcast<Map<SourceRows.Split, Long>> firstPositions;
    private final long chunkValues;
    private final RowChecks.LabelRule rule;

    /**
     * @param chunkValues the most values in a chunk before it is sent on (bounding a task's buffers), or
     *                    {@code Long.MAX_VALUE} for one chunk per split and target
     * @param rule        the labels' rule when the rows are checked as they are packed, else null
     */
    RowPacker(SourceRows columns, int features, boolean float32, RowRoles roles,
              Broadcast<Map<SourceRows.Split, Long>> firstPositions, long chunkValues, RowChecks.LabelRule rule) {
        this.columns = columns;
        this.features = features;
        this.float32 = float32;
        this.roles = roles;
        this.firstPositions = firstPositions;
        this.chunkValues = chunkValues;
        this.rule = rule;
    }

    @Override
    public Iterator<Tuple2<Integer, RowChunk>> call(Iterator<InternalRow> rows) {
        Map<SourceRows.Split, Long> first = firstPositions.value();
        java.util.NavigableSet<Long> starts = new java.util.TreeSet<>(first.values());
        int d = features;
        long chunkRows = Math.max(1, chunkValues / Math.max(d, 1));
        Buffer[] buffers = new Buffer[roles.shards() + 1];
        long[] left = new long[buffers.length];
        List<Tuple2<Integer, RowChunk>> out = new ArrayList<>();
        SourceRows.Split current = null;
        long position = 0;
        double[] row = new double[d];
        RowChecks checks = rule == null ? null : new RowChecks(columns.scalars());
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            if (checks != null) {
                checks.row(r, columns, rule);
            }
            SourceRows.Split split = columns.split(r);
            if (split != current) {
                flush(buffers, out);
                current = split;
                Long at = first.get(split);
                if (at == null) {
                    throw new IllegalStateException("split " + split + " was not seen by the first pass");
                }
                position = at;
                // each target's rows in this split, so that every buffer is made at its final size
                Long next = starts.higher(at);
                java.util.Arrays.fill(left, 0);
                for (long p = at, end = next == null ? roles.sourceRows() : next; p < end; p++) {
                    int t = roles.target(roles.rank(p));
                    if (t != RowRoles.DROPPED) {
                        left[t]++;
                    }
                }
            }
            long p = position++;
            int target = roles.target(roles.rank(p));
            if (target == RowRoles.DROPPED) {
                continue;
            }
            if (columns.vector()) {
                double[] v = SourceRows.vector(r);
                if (v == null || v.length != d) {
                    throw new IllegalStateException("the data changed while it was read: a vector of another length");
                }
                System.arraycopy(v, 0, row, 0, d);
            } else {
                for (int j = 0; j < d; j++) {
                    row[j] = SourceRows.feature(r, j);
                }
            }
            if (float32) {
                for (int j = 0; j < d; j++) {
                    row[j] = (float) row[j];
                }
            }
            double y = SourceRows.label(r);
            Buffer b = buffers[target];
            if (b == null) {
                b = buffers[target] = new Buffer(d, (int) Math.max(1, Math.min(left[target], chunkRows)));
            }
            left[target]--;
            b.add(p, row, float32 ? (float) y : y);
            if ((long) b.rows * Math.max(d, 1) >= chunkValues) {
                out.add(new Tuple2<>(target, b.chunk()));
                buffers[target] = null;
            }
        }
        flush(buffers, out);
        if (checks != null) {
            out.add(new Tuple2<>(roles.checksTarget(), RowChunk.of(checks)));
        }
        return out.iterator();
    }

    private static void flush(Buffer[] buffers, List<Tuple2<Integer, RowChunk>> out) {
        for (int t = 0; t < buffers.length; t++) {
            if (buffers[t] != null && buffers[t].rows > 0) {
                out.add(new Tuple2<>(t, buffers[t].chunk()));
                buffers[t] = null;
            }
        }
    }

    /** A chunk being filled. */
    private static final class Buffer {
        private final int features;
        private long[] positions;
        private double[] x;
        private double[] y;
        private int rows;

        /** @param capacity the rows it will hold (it grows if given more) */
        Buffer(int features, int capacity) {
            this.features = features;
            this.positions = new long[capacity];
            this.x = new double[capacity * features];
            this.y = new double[capacity];
        }

        void add(long position, double[] row, double label) {
            if (rows == y.length) {
                int n = rows * 2;
                positions = Arrays.copyOf(positions, n);
                y = Arrays.copyOf(y, n);
                x = Arrays.copyOf(x, n * features);
            }
            positions[rows] = position;
            System.arraycopy(row, 0, x, rows * features, features);
            y[rows] = label;
            rows++;
        }

        RowChunk chunk() {
            if (rows == y.length) {
                return new RowChunk(positions, x, y);
            }
            return new RowChunk(Arrays.copyOf(positions, rows), Arrays.copyOf(x, rows * features),
                    Arrays.copyOf(y, rows));
        }
    }
}
