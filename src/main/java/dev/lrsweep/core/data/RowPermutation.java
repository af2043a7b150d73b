package dev.lrsweep.core.data;

/**
 * A seeded permutation of 0 … n − 1 evaluated one index at a time, without an array: a four-round Feistel network
 * on the smallest even number of bits that covers n, walked round its cycle until the value falls below n. So any
 * row can learn its rank in the shuffled order from its position alone, wherever it is read, and the ranks of n
 * positions are exactly 0 … n − 1.
 */
public final class RowPermutation implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ROUNDS = 4;
    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys = new long[ROUNDS];

    public RowPermutation(long n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a permutation needs at least one index, not " + n);
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        for (int r = 0; r < ROUNDS; r++) {
            keys[r] = SplitMix64.derive(seed, r);
        }
    }

    public long size() {
        return n;
    }

    /** The rank of position i (0 ≤ i &lt; n) in the permuted order. */
    public long rank(long i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("position " + i + " outside 0 … " + (n - 1));
        }
        long x = i;
        do {
            x = encrypt(x);
        } while (x >= n);
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (SplitMix64.mix(keys[r] ^ right) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}
