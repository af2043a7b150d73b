package dev.lrsweep.core.optim;

import java.io.Serializable;

/**
 * The state of one optimizer run: the number of updates made, per-parameter buffers (slots) and scalars.
 * Which slot means what is the rule's business; the state only stores numbers, so a copy is always complete.
 */
public final class OptimizerState implements Serializable {
    private static final long serialVersionUID = 1L;

    private long steps;
    private final double[][] slots;
    private final double[] scalars;

    public OptimizerState(int parameterCount, int slotCount, int scalarCount) {
        this.slots = new double[slotCount][parameterCount];
        this.scalars = new double[scalarCount];
    }

    private OptimizerState(long steps, double[][] slots, double[] scalars) {
        this.steps = steps;
        this.slots = slots;
        this.scalars = scalars;
    }

    /** The number of updates made so far. */
    public long steps() {
        return steps;
    }

    /** Counts one update and returns the new count (PyTorch's {@code state['step'] += 1}). */
    long advance() {
        return ++steps;
    }

    /** A per-parameter buffer; rules read and write it in place. */
    public double[] slot(int i) {
        return slots[i];
    }

    public int slotCount() {
        return slots.length;
    }

    public double scalar(int i) {
        return scalars[i];
    }

    void setScalar(int i, double value) {
        scalars[i] = value;
    }

    /**
     * The states of trials {@code from … to − 1} of a block packed into one: slot element i of trial t at
     * {@code [i·width + t]}. The trials must share the rule, so they have made the same number of updates and
     * hold the same scalars (which depend only on the rule and that number).
     *
     * @param states the block's per-trial states, indexed by trial; only {@code from … to − 1} are read
     */
    public static OptimizerState pack(OptimizerState[] states, int from, int to, int width) {
        OptimizerState first = states[from];
        int n = first.slots.length == 0 ? 0 : first.slots[0].length;
        double[][] slots = new double[first.slots.length][n * width];
        for (int t = from; t < to; t++) {
            OptimizerState s = states[t];
            if (s.steps != first.steps || !java.util.Arrays.equals(s.scalars, first.scalars)
                    || s.slots.length != first.slots.length) {
                throw new IllegalArgumentException("trials packed together must share the rule and its progress");
            }
            for (int k = 0; k < slots.length; k++) {
                double[] source = s.slots[k];
                double[] target = slots[k];
                for (int i = 0; i < n; i++) {
                    target[i * width + t] = source[i];
                }
            }
        }
        return new OptimizerState(first.steps, slots, first.scalars.clone());
    }

    /** Copies trial {@code t} of a packed state (see {@link #pack}) into {@code into}, its own state. */
    public void unpack(int t, int width, OptimizerState into) {
        into.steps = steps;
        System.arraycopy(scalars, 0, into.scalars, 0, scalars.length);
        for (int k = 0; k < slots.length; k++) {
            double[] source = slots[k];
            double[] target = into.slots[k];
            for (int i = 0; i < target.length; i++) {
                target[i] = source[i * width + t];
            }
        }
    }

    /** A deep copy, for checkpoints and hand-over between workers. */
    public OptimizerState copy() {
        double[][] s = new double[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            s[i] = slots[i].clone();
        }
        return new OptimizerState(steps, s, scalars.clone());
    }
}
