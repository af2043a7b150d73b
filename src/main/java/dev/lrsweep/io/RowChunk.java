package dev.lrsweep.io;

import java.io.Serializable;

/**
 * Packed rows of one input split bound for one shard (or for the validation rows): their positions in the input,
 * in increasing order, their features row-major and their labels. The chunks of a shard, sorted by their first
 * position, are the shard's rows in input order (the positions of two splits never interleave).
 */
record RowChunk(long[] positions, double[] x, double[] y) implements Serializable {

    int rows() {
        return y.length;
    }

    long first() {
        return positions[0];
    }
}
