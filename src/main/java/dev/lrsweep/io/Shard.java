package dev.lrsweep.io;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.data.DataBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * One shard of the training rows as it is cached on an executor: its index, its rows packed in input order, and
 * each row's position in the input.
 */
@DefaultSerializer(JavaSerializer.class)
public record Shard(int index, DataBlock rows, long[] positions) implements Serializable {

    /** The chunks of one target, in input order. */
    static List<RowChunk> sorted(Iterator<Tuple2<Integer, RowChunk>> pairs) {
        List<RowChunk> chunks = chunks(pairs);
        chunks.sort(Comparator.comparingLong(RowChunk::first));
        return chunks;
    }

    /** The chunks of one target, as they come. */
    static List<RowChunk> chunks(Iterator<Tuple2<Integer, RowChunk>> pairs) {
        List<RowChunk> chunks = new ArrayList<>();
        pairs.forEachRemaining(p -> chunks.add(p._2()));
        return chunks;
    }

    /** The chunks' rows, concatenated: {@code [positions, x, y]}. */
    static Object[] concat(List<RowChunk> chunks, int d) {
        long total = 0;
        for (RowChunk c : chunks) {
            total += c.rows();
        }
        if (total * Math.max(d, 1) > Packing.MAX_VALUES) {
            throw new IllegalStateException(total + " rows × " + d + " features do not fit one array");
        }
        int n = (int) total;
        long[] positions = new long[n];
        double[] x = new double[n * d];
        double[] y = new double[n];
        int at = 0;
        for (RowChunk c : chunks) {
            System.arraycopy(c.positions(), 0, positions, at, c.rows());
            System.arraycopy(c.x(), 0, x, at * d, c.rows() * d);
            System.arraycopy(c.y(), 0, y, at, c.rows());
            at += c.rows();
        }
        return new Object[] {positions, x, y};
    }

    /** Builds shard s from its chunks, standardised when the statistics are given. */
    static Shard build(int s, List<RowChunk> chunks, int d, Standardization standardization, boolean float32) {
        Object[] rows = concat(chunks, d);
        double[] x = (double[]) rows[1];
        double[] y = (double[]) rows[2];
        if (standardization != null) {
            standardization.apply(x, y.length);
        }
        return new Shard(s, DataBlock.of(y.length, d, x, y, float32), (long[]) rows[0]);
    }
}
