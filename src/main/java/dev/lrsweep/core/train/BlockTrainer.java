package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Workspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a block of trials that see the same mini-batches: the same model, batch size, number of updates,
 * shuffle setting and data seed. Each mini-batch is read once for the whole block and the block's forward and
 * backward passes run as two small matrix products ({@link Model#lossAndGradients}); every trial keeps its
 * own optimizer, schedule, clipping, evaluation and early stop, and a trial that diverges leaves the block
 * without slowing the others. Each trial's curve and parameters are bit-identical to training it alone with
 * {@link Trainer}.
 */
public final class BlockTrainer {
    private BlockTrainer() {
    }

    /** True when the two plans may share a block (their clipping may differ: each trial clips its own gradient). */
    public static boolean compatible(TrialPlan a, TrialPlan b) {
        return a.model() == b.model() && a.batchSize() == b.batchSize() && a.totalSteps() == b.totalSteps()
                && a.seed() == b.seed()
                && a.settings().withClipGradNorm(Double.NaN).equals(b.settings().withClipGradNorm(Double.NaN));
    }

    /**
     * @param plans      the block's trials, pairwise {@link #compatible}
     * @param validation held-out rows, or null
     * @param evalOrder  the training rows the training loss is evaluated on, or null for all of them
     * @return the results in the order of the plans
     */
    public static List<TrialResult> train(List<TrialPlan> plans, DataBlock train, DataBlock validation, int[] evalOrder) {
        long started = System.nanoTime();
        TrialPlan first = plans.get(0);
        for (TrialPlan p : plans) {
            if (!compatible(first, p)) {
                throw new IllegalArgumentException("trials in a block must share model, batch size, steps, seed and settings");
            }
        }
        int n = plans.size();
        TrainingKernel[] kernels = new TrainingKernel[n];
        TrainingState[] states = new TrainingState[n];
        Curve[] curves = new Curve[n];
        for (int i = 0; i < n; i++) {
            kernels[i] = new TrainingKernel(plans.get(i), train, validation, evalOrder);
            curves[i] = new Curve();
            states[i] = kernels[i].start(curves[i]);
        }
        run(kernels, states, curves, first.totalSteps());
        double seconds = (System.nanoTime() - started) / 1e9;
        List<TrialResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new TrialResult(curves[i], states[i], first.totalSteps(), seconds / n));
        }
        return results;
    }

    /**
     * Runs the trials that have not diverged until {@code toStep}, as one block: each step reads the mini-batch
     * once and updates every trial, each with its own rate, clipping and divergence checks, as {@link
     * TrainingKernel} describes. A trial that diverges is written back to its state and the block packed anew
     * without it. The states must stand at the same step; on return they hold the trials' end states.
     */
    static void run(TrainingKernel[] kernels, TrainingState[] states, Curve[] curves, long toStep) {
        TrainingKernel first = kernels[0];
        run(kernels, states, curves, Batches.epochs(first.train(), first.plan()), toStep);
    }

    /**
     * The kernel: (batches, trial states, step range) → (states, curve segment). Runs the trials that have not
     * diverged from the step they stand at until {@code toStep}, reading update k's rows from {@code batches}, and
     * appends the points of the steps run to the curves (which may be fresh segments: the points depend only on
     * the steps, never on where a range begins).
     */
    public static void run(TrainingKernel[] kernels, TrainingState[] states, Curve[] curves, Batches batches,
                           long toStep) {
        int[] active = new int[kernels.length];
        int alive = 0;
        for (int i = 0; i < kernels.length; i++) {
            if (!states[i].diverged()) {
                if (alive > 0 && states[i].step != states[active[0]].step) {
                    throw new IllegalArgumentException("trials in a block must stand at the same step");
                }
                active[alive++] = i;
            }
        }
        if (alive == 0 || states[active[0]].step >= toStep) {
            return;
        }
        TrainingKernel lead = kernels[active[0]];
        TrialPlan plan = lead.plan();
        Batches.Cursor rows = new Batches.Cursor();
        Workspace ws = new Workspace();
        TrialColumns block = new TrialColumns(kernels, states, active, alive);
        double[] losses = new double[alive];
        double[] norms = new double[alive];
        double[] lr = new double[alive];
        double[] cosine = new double[alive];
        boolean[] finite = new boolean[alive];
        boolean[] written = new boolean[alive];
        double[] trainLosses = new double[alive];
        double[] valLosses = new double[alive];
        // whether the curve has a point after the update in progress, and after the one that follows it
        boolean recorded = lead.recorded(states[block.trial[0]].step + 1);
        while (states[block.trial[0]].step < toStep) {
            long k = states[block.trial[0]].step;
            int w = block.width;
            batches.locate(k, rows);
            plan.model().lossAndGradients(ws, block.params, w, rows.data, rows.order, rows.from, rows.to,
                    block.gradient, losses);
            block.norms(norms);
            boolean dropped = false;
            for (int c = 0; c < w; c++) {
                int i = block.trial[c];
                lr[c] = kernels[i].plan().schedule().rate(k);
                written[c] = !kernels[i].beginUpdate(states[i], losses[c], norms[c], lr[c], curves[i]);
                if (written[c]) {
                    block.unpack(c, states[i]);
                    dropped = true;
                }
            }
            block.clip(norms);
            // the update's cosine with the previous one is recorded only at the points of the curve, so the
            // update itself is needed at such a point and the step before it
            boolean recordedNext = lead.recorded(k + 2);
            boolean needed = recorded || recordedNext;
            block.update(lr, needed);
            if (needed) {
                block.recordUpdates(cosine, finite);
            } else {
                block.checkFinite(finite);
                Arrays.fill(cosine, Double.NaN);
            }
            for (int c = 0; c < w; c++) {
                int i = block.trial[c];
                if (!written[c] && !kernels[i].afterUpdate(states[i], cosine[c], finite[c], curves[i])) {
                    dropped = true;
                }
            }
            boolean due = false;
            for (int c = 0; c < w && !due && recorded; c++) {
                due = !states[block.trial[c]].diverged() && lead.evaluationDue(states[block.trial[c]]);
            }
            if (due) {
                lead.evaluate(ws, block.params, w, trainLosses, valLosses);
            } else {
                Arrays.fill(trainLosses, Double.NaN);
                Arrays.fill(valLosses, Double.NaN);
            }
            for (int c = 0; c < w && recorded; c++) {
                int i = block.trial[c];
                if (!states[i].diverged()) {
                    kernels[i].finishUpdate(states[i], trainLosses[c], valLosses[c], curves[i]);
                    dropped |= states[i].diverged();
                }
            }
            if (dropped) {
                alive = 0;
                for (int c = 0; c < w; c++) {
                    int i = block.trial[c];
                    if (!written[c]) {
                        block.unpack(c, states[i]);
                    }
                    if (!states[i].diverged()) {
                        active[alive++] = i;
                    }
                }
                if (alive == 0) {
                    return;
                }
                block = new TrialColumns(kernels, states, active, alive);
            }
            recorded = recordedNext;
        }
        for (int c = 0; c < block.width; c++) {
            block.unpack(c, states[block.trial[c]]);
        }
    }
}
