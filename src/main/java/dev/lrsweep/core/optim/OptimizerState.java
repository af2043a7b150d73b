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

    /** A deep copy, for checkpoints and hand-over between workers. */
    public OptimizerState copy() {
        double[][] s = new double[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            s[i] = slots[i].clone();
        }
        return new OptimizerState(steps, s, scalars.clone());
    }
}
