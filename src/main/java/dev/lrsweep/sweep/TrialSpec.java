package dev.lrsweep.sweep;

import dev.lrsweep.core.diagnose.GroupSummary;
import dev.lrsweep.core.spec.Spec;
import java.io.Serializable;

/**
 * One point of the grid, before the data is known.
 *
 * @param trialId   a stable hash of the trial's settings (see {@link Grid#trialId})
 * @param index     the trial's position in the expanded grid
 * @param optimizer the resolved optimizer spec (every parameter explicit)
 * @param schedule  the resolved schedule spec
 * @param batchSize the batch size as the sweep file gives it; {@link SweepConfig.Grid#FULL_BATCH} for full
 * @param seed      the trial's seed from the grid's {@code seeds}
 * @param clipGradNorm the trial's {@code clip_grad_norm}, NaN for none
 * @param initScale the factor of the trial's initial weights (mlp; 1 for the other models)
 */
public record TrialSpec(String trialId, int index, double learningRate, Spec optimizer, String optimizerReadable,
                        Spec schedule, String scheduleReadable, int batchSize, long seed, double clipGradNorm,
                        double initScale) implements Serializable {

    /**
     * The group a trial is compared within: optimizer × schedule × batch size × clipping × initial scale; the
     * last two are named only where they are not the defaults (no clipping, scale 1).
     */
    public String groupKey() {
        String axes = GroupSummary.axes(clipGradNorm, initScale);
        return optimizerReadable + " | " + scheduleReadable + " | " + batchSize + (axes.isEmpty() ? "" : " | " + axes);
    }
}
