package dev.lrsweep.io;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * Packed rows of one input split bound for one shard (or for the validation rows): their positions in the input,
 * in increasing order, their features row-major and their labels. The chunks of a shard, sorted by their first
 * position, are the shard's rows in input order (the positions of two splits never interleave).
 */
@DefaultSerializer(JavaSerializer.class)
record RowChunk(long[] positions, double[] x, double[] y) implements Serializable {

    int rows() {
        return y.length;
    }

    long first() {
        return positions[0];
    }
}
