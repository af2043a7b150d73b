package dev.lrsweep.core.train;

import dev.lrsweep.core.optim.GradientClipping;
import dev.lrsweep.core.optim.Optimizer;
import dev.lrsweep.core.optim.OptimizerState;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The numbers of a block of trials while it trains, in block layout: parameter i of column t at
 * {@code [i·width + t]}, for the parameters, the gradient, the parameters before the update and the last update,
 * and the same for the optimizers' states. Columns that share an optimizer rule are adjacent and updated in one
 * call, so every loop over a parameter runs across trials. A column holds one trial; {@link #trial} maps back.
 *
 * <p>Every per-trial quantity (gradient norm, clipping, update, the update's cosine with the previous one) goes
 * through the same operations in the same order as for a block of one, so a trial's numbers do not depend on
 * the block. Trials are packed from their {@link TrainingState}s and unpacked into them; a block whose trials
 * change is packed anew.
 */
final class TrialColumns {
    final int width;
    final int parameters;
    /** The trial (an index into the caller's arrays) of each column. */
    final int[] trial;
    final double[] params;
    final double[] gradient;
    private final double[] before;
    private final double[] last;
    private final boolean[] hasLast;
    /** Scratch for {@link #recordUpdates}: five per-trial sums. */
    private final double[] sums;
    /** Runs of adjacent columns that share a rule: columns groupStart[r] … groupStart[r + 1] − 1. */
    private final int[] groupStart;
    private final Optimizer[] rules;
    private final OptimizerState[] packed;
    /** Each column's clipping threshold ({@code clip_grad_norm}), NaN where it is not clipped. */
    private final double[] maxNorms;

    /** Packs the given trials (indices into kernels and states), ordered so that equal rules are adjacent. */
    TrialColumns(TrainingKernel[] kernels, TrainingState[] states, int[] trials, int count) {
        this.width = count;
        this.parameters = states[trials[0]].params.length;
        Integer[] sorted = new Integer[count];
        for (int c = 0; c < count; c++) {
            sorted[c] = trials[c];
        }
        // a stable sort on the rule's description: equal rules (records) describe themselves alike
        Arrays.sort(sorted, Comparator.comparing(i -> kernels[i].plan().optimizer().toString()));
        this.trial = new int[count];
        int n = parameters;
        this.params = new double[n * count];
        this.gradient = new double[n * count];
        this.before = new double[n * count];
        this.last = new double[n * count];
        this.hasLast = new boolean[count];
        this.sums = new double[5 * count];
        this.maxNorms = new double[count];
        OptimizerState[] byColumn = new OptimizerState[count];
        int[] starts = new int[count + 1];
        Optimizer[] runRules = new Optimizer[count];
        int runs = 0;
        for (int c = 0; c < count; c++) {
            int i = sorted[c];
            trial[c] = i;
            TrainingState s = states[i];
            for (int p = 0; p < n; p++) {
                params[p * count + c] = s.params[p];
            }
            if (s.lastUpdate != null) {
                hasLast[c] = true;
                for (int p = 0; p < n; p++) {
                    last[p * count + c] = s.lastUpdate[p];
                }
            }
            byColumn[c] = s.optimizer;
            maxNorms[c] = kernels[i].plan().settings().clipGradNorm();
            Optimizer rule = kernels[i].plan().optimizer();
            if (runs == 0 || !rule.equals(runRules[runs - 1])) {
                starts[runs] = c;
                runRules[runs++] = rule;
            }
        }
        starts[runs] = count;
        this.groupStart = Arrays.copyOf(starts, runs + 1);
        this.rules = Arrays.copyOf(runRules, runs);
        this.packed = new OptimizerState[runs];
        for (int r = 0; r < runs; r++) {
            packed[r] = OptimizerState.pack(byColumn, groupStart[r], groupStart[r + 1], count);
        }
    }

    /** Writes column c back into its trial's state: parameters, optimizer state and last update. */
    void unpack(int c, TrainingState state) {
        int n = parameters;
        for (int p = 0; p < n; p++) {
            state.params[p] = params[p * width + c];
        }
        if (hasLast[c]) {
            if (state.lastUpdate == null) {
                state.lastUpdate = new double[n];
            }
            for (int p = 0; p < n; p++) {
                state.lastUpdate[p] = last[p * width + c];
            }
        }
        int r = 0;
        while (groupStart[r + 1] <= c) {
            r++;
        }
        packed[r].unpack(c, width, state.optimizer);
    }

    /** The gradient norm of every column. */
    void norms(double[] out) {
        ColumnSums.INSTANCE.norms(gradient, width, out);
    }

    /** Clips each column's gradient to at most its trial's {@code clip_grad_norm}, given their norms. */
    void clip(double[] norms) {
        GradientClipping.clip(gradient, width, norms, maxNorms);
    }

    /**
     * One optimizer step of every column with its rate; with {@code keepBefore}, the parameters from before it are
     * kept for {@link #recordUpdates}.
     */
    void update(double[] lr, boolean keepBefore) {
        if (keepBefore) {
            System.arraycopy(params, 0, before, 0, params.length);
        }
        for (int r = 0; r < rules.length; r++) {
            rules[r].update(params, gradient, width, groupStart[r], groupStart[r + 1], lr, packed[r]);
        }
    }

    /**
     * Writes whether all of each column's parameters are finite to {@code finite}: one pass over the block, and a
     * pass per column only when some parameter is not finite. (A sum of {@code p − p} is 0 when every p is
     * finite and NaN otherwise, in any order.)
     */
    void checkFinite(boolean[] finite) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        int n = params.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += params[i] - params[i];
            s1 += params[i + 1] - params[i + 1];
            s2 += params[i + 2] - params[i + 2];
            s3 += params[i + 3] - params[i + 3];
        }
        for (; i < n; i++) {
            s0 += params[i] - params[i];
        }
        if ((s0 + s1) + (s2 + s3) == 0.0) {
            Arrays.fill(finite, 0, width, true);
            return;
        }
        for (int t = 0; t < width; t++) {
            double sum = 0.0;
            for (int at = t; at < n; at += width) {
                sum += params[at] - params[at];
            }
            finite[t] = sum == 0.0;
        }
    }

    /**
     * After an {@link #update} that kept the parameters from before it: stores every column's update (θ − θ
     * before), writes its cosine with the update stored last to {@code cosine} and whether all its parameters are
     * finite to {@code finite}. The caller stores the update at every step whose cosine it records and at the
     * step before, so the update stored last is then the previous one. The cosine is NaN for a trial's first update,
     * and where either update is too small to have a direction (below 1e-10 of the parameters' norm, where
     * rounding decides it). Per column, the sums run over even and odd indices in two partial sums each.
     */
    void recordUpdates(double[] cosine, boolean[] finite) {
        int w = width;
        ColumnSums.INSTANCE.updateSums(params, before, last, w, sums);
        for (int t = 0; t < w; t++) {
            boolean first = !hasLast[t];
            hasLast[t] = true;
            finite[t] = sums[4 * w + t] == 0.0;
            double dot = sums[t];
            double nowSquared = sums[w + t];
            double lastSquared = sums[2 * w + t];
            double floor = 1e-20 * sums[3 * w + t];
            cosine[t] = !finite[t] || first || nowSquared <= floor || lastSquared <= floor || nowSquared == 0
                    || lastSquared == 0 ? Double.NaN : dot / (Math.sqrt(nowSquared) * Math.sqrt(lastSquared));
        }
    }
}
