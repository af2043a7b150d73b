package dev.lrsweep.io;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * Packed rows of one input split bound for one shard (or for the validation rows): their positions in the input,
 * in increasing order, their features row-major and their labels. The chunks of a shard, sorted by their first
 * position, are the shard's rows in input order (the positions of two splits never interleave).
 *
 * <p>A chunk {@link #of(RowChecks) of checks} holds no rows but the data checks of one partition's rows, bound
 * for {@link RowRoles#checksTarget()}, when the rows are checked as they are packed.
 */
@DefaultSerializer(JavaSerializer.class)
record RowChunk(long[] positions, double[] x, double[] y, RowChecks checks) implements Serializable {

    RowChunk(long[] positions, double[] x, double[] y) {
        this(positions, x, y, null);
    }

    static RowChunk of(RowChecks checks) {
        return new RowChunk(new long[0], new double[0], new double[0], checks);
    }

    /** The checks of these chunks of checks, added; null when there are none. */
    static RowChecks checks(Iterable<RowChunk> chunks) {
        RowChecks all = null;
        for (RowChunk c : chunks) {
            if (c.checks() != null) {
                all = all == null ? c.checks() : all.add(c.checks());
            }
        }
        return all;
    }

    int rows() {
        return y.length;
    }

    long first() {
        return positions[0];
    }
}
