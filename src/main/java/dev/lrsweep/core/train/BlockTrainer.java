package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Workspace;
import java.util.ArrayList;
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

    /** True when the two plans may share a block. */
    public static boolean compatible(TrialPlan a, TrialPlan b) {
        return a.model() == b.model() && a.batchSize() == b.batchSize() && a.totalSteps() == b.totalSteps()
                && a.seed() == b.seed() && a.settings().equals(b.settings());
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
        Model model = first.model();
        TrainingKernel[] kernels = new TrainingKernel[n];
        TrainingState[] states = new TrainingState[n];
        Curve[] curves = new Curve[n];
        Workspace ws = new Workspace();
        for (int i = 0; i < n; i++) {
            kernels[i] = new TrainingKernel(plans.get(i), train, validation, evalOrder);
            curves[i] = new Curve();
        }
        double[][] params = new double[n][];
        double[][] gradients = new double[n][];
        double[] losses = new double[n];
        double[] trainLosses = new double[n];
        double[] valLosses = new double[n];
        int[] active = new int[n];
        int alive = startAll(kernels, states, curves, active);
        EpochOrder order = new EpochOrder(train.rows(), first.seed(), first.settings().shuffle());
        TrainingKernel lead = kernels[0];
        for (long k = 0; k < first.totalSteps() && alive > 0; k++) {
            for (int a = 0; a < alive; a++) {
                params[a] = states[active[a]].params;
                gradients[a] = kernels[active[a]].gradient();
            }
            model.lossAndGradients(ws, params, alive, train, order.of(k / lead.stepsPerEpoch()), lead.batchStart(k),
                    lead.batchEnd(k), gradients, losses);
            int updated = 0;
            for (int a = 0; a < alive; a++) {
                int i = active[a];
                if (kernels[i].beginUpdate(states[i], losses[a], curves[i])) {
                    active[updated++] = i;
                }
            }
            alive = updated;
            if (alive > 0 && lead.evaluationDue(states[active[0]])) {
                for (int a = 0; a < alive; a++) {
                    params[a] = states[active[a]].params;
                }
                lead.evaluate(ws, params, alive, trainLosses, valLosses);
            } else {
                java.util.Arrays.fill(trainLosses, Double.NaN);
                java.util.Arrays.fill(valLosses, Double.NaN);
            }
            updated = 0;
            for (int a = 0; a < alive; a++) {
                int i = active[a];
                kernels[i].finishUpdate(states[i], trainLosses[a], valLosses[a], curves[i]);
                if (!states[i].diverged()) {
                    active[updated++] = i;
                }
            }
            alive = updated;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<TrialResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new TrialResult(curves[i], states[i], first.totalSteps(), seconds / n));
        }
        return results;
    }

    /** Starts every trial and returns how many are still running. */
    private static int startAll(TrainingKernel[] kernels, TrainingState[] states, Curve[] curves, int[] active) {
        int alive = 0;
        for (int i = 0; i < kernels.length; i++) {
            states[i] = kernels[i].start(curves[i]);
            if (!states[i].diverged()) {
                active[alive++] = i;
            }
        }
        return alive;
    }
}
