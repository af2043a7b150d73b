package dev.lrsweep.core.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One trial's loss curve, held as primitive columns. Point 0 is the initial model; the point at step t describes
 * the model after t updates together with update t itself: the rate it used, the mini-batch loss (computed
 * before the update, as PyTorch's {@code loss.item()}), the loss's moving average, the gradient norm before
 * clipping, and the cosine between update t and update t − 1. The training and validation losses are evaluated
 * on the model after t updates, at evaluation points only. An absent value is NaN.
 */
public final class Curve implements Serializable {
    private static final long serialVersionUID = 1L;

    private int size;
    private long[] step = new long[16];
    private double[] epoch = new double[16];
    private double[] lr = new double[16];
    private double[] batchLoss = new double[16];
    private double[] batchLossEma = new double[16];
    private double[] gradNorm = new double[16];
    private double[] updateCosine = new double[16];
    private double[] trainLoss = new double[16];
    private double[] valLoss = new double[16];

    /** Appends a point; steps must increase. */
    public void add(long stepValue, double epochValue, double lrValue, double batchLossValue, double emaValue,
                    double gradNormValue, double cosineValue, double trainLossValue, double valLossValue) {
        if (size > 0 && stepValue <= step[size - 1]) {
            throw new IllegalArgumentException("curve steps must increase: " + stepValue + " after " + step[size - 1]);
        }
        if (size == step.length) {
            grow();
        }
        step[size] = stepValue;
        epoch[size] = epochValue;
        lr[size] = lrValue;
        batchLoss[size] = batchLossValue;
        batchLossEma[size] = emaValue;
        gradNorm[size] = gradNormValue;
        updateCosine[size] = cosineValue;
        trainLoss[size] = trainLossValue;
        valLoss[size] = valLossValue;
        size++;
    }

    private void grow() {
        int n = step.length * 2;
        step = Arrays.copyOf(step, n);
        epoch = Arrays.copyOf(epoch, n);
        lr = Arrays.copyOf(lr, n);
        batchLoss = Arrays.copyOf(batchLoss, n);
        batchLossEma = Arrays.copyOf(batchLossEma, n);
        gradNorm = Arrays.copyOf(gradNorm, n);
        updateCosine = Arrays.copyOf(updateCosine, n);
        trainLoss = Arrays.copyOf(trainLoss, n);
        valLoss = Arrays.copyOf(valLoss, n);
    }

    public int size() {
        return size;
    }

    public long step(int i) {
        return step[i];
    }

    public double epoch(int i) {
        return epoch[i];
    }

    public double lr(int i) {
        return lr[i];
    }

    public double batchLoss(int i) {
        return batchLoss[i];
    }

    public double batchLossEma(int i) {
        return batchLossEma[i];
    }

    public double gradNorm(int i) {
        return gradNorm[i];
    }

    public double updateCosine(int i) {
        return updateCosine[i];
    }

    public double trainLoss(int i) {
        return trainLoss[i];
    }

    public double valLoss(int i) {
        return valLoss[i];
    }

    /** True when point i is an evaluation point (it carries a training loss). */
    public boolean evaluated(int i) {
        return !Double.isNaN(trainLoss[i]);
    }

    /** The last point's step, or -1 for an empty curve. */
    public long lastStep() {
        return size == 0 ? -1 : step[size - 1];
    }

    /** Appends every point of another curve (a later step range of the same trial). */
    public void append(Curve later) {
        for (int i = 0; i < later.size; i++) {
            add(later.step[i], later.epoch[i], later.lr[i], later.batchLoss[i], later.batchLossEma[i],
                    later.gradNorm[i], later.updateCosine[i], later.trainLoss[i], later.valLoss[i]);
        }
    }
}
