package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Workspace;
import dev.lrsweep.core.spec.Format;

/**
 * The mini-batch loop of one trial as a kernel: data block + start state + step range → end state + curve.
 *
 * <p>Update k (counting from 0) works on batch {@code k mod S} of epoch {@code ⌊k / S⌋}, where S = ⌈rows / B⌉:
 * the rows at positions {@code [b·B, min(rows, (b+1)·B))} of that epoch's order, so the last batch of an epoch
 * may be smaller. The order is input order, or a shuffle seeded by (trial seed, epoch) alone; any step range
 * can therefore be run anywhere and gives the same bits. Each update runs as a PyTorch loop does: forward and
 * backward ({@link dev.lrsweep.core.model.Model#lossAndGradients}), gradient clipping, {@code optimizer.step()} with the rate the
 * schedule gives for k, then the scheduler step.
 *
 * <p>The kernel stops a trial as diverged when a mini-batch loss, the gradient or a parameter is not finite, or
 * when an evaluated training loss exceeds {@code divergence_factor} × the initial one; and, when the settings ask
 * for it (the learning-rate range test), once the debiased moving average of the mini-batch loss exceeds a factor
 * times its lowest value so far.
 *
 * <p>The array work of an update (gradient, norm, clipping, optimizer step, the update's cosine) runs in
 * {@link BlockTrainer} over the block's numbers, a single trial being a block of one; this class keeps one
 * trial's plan, its bookkeeping (loss average, divergence, curve points) and its evaluation.
 */
public final class TrainingKernel {
    private final TrialPlan plan;
    private final DataBlock train;
    private final DataBlock validation;
    private final int[] evalOrder;
    private final long stepsPerEpoch;
    private final Workspace workspace = new Workspace();

    // what the update in progress saw, between beginUpdate and finishUpdate
    private double lr;
    private double batchLoss;
    private double norm;
    private double cosine;

    /**
     * @param validation the held-out rows, or null
     * @param evalOrder  the training rows the training loss is evaluated on, or null for every row
     */
    public TrainingKernel(TrialPlan plan, DataBlock train, DataBlock validation, int[] evalOrder) {
        this(plan, train.rows(), train, evalOrder, validation);
    }

    /**
     * A kernel whose batches come from elsewhere ({@link Batches}), as in the sharded layout.
     *
     * @param trainingRows the training rows an epoch passes over
     * @param evaluation   the rows the training loss is evaluated on (those {@code evalOrder} names, or all)
     * @param validation   the held-out rows, or null
     */
    public TrainingKernel(TrialPlan plan, long trainingRows, DataBlock evaluation, int[] evalOrder,
                          DataBlock validation) {
        if (trainingRows == 0 || evaluation.rows() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (plan.batchSize() > trainingRows) {
            throw new IllegalArgumentException("batch size " + plan.batchSize() + " exceeds the " + trainingRows
                    + " training rows");
        }
        this.plan = plan;
        this.train = evaluation;
        this.validation = validation == null || validation.rows() == 0 ? null : validation;
        this.evalOrder = evalOrder;
        this.stepsPerEpoch = TrialPlan.stepsPerEpoch(trainingRows, plan.batchSize());
    }

    public TrialPlan plan() {
        return plan;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The state before any update, with its curve point (step 0) recorded. */
    public TrainingState start(Curve curve) {
        double[] params = plan.initialParams().clone();
        double[] loss = new double[1];
        double[] val = new double[] {Double.NaN};
        evaluate(workspace, params, 1, loss, val);
        TrainingState state = new TrainingState(params, plan.optimizer().init(params.length), loss[0]);
        curve.add(0, 0.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, loss[0], val[0]);
        if (!Double.isFinite(loss[0])) {
            state.divergedAt = 0;
            state.divergenceCause = "the initial training loss is " + loss[0];
        }
        return state;
    }

    /**
     * Runs updates until {@code state.step() == toStep} or the trial diverges, recording curve points: every
     * {@code log_every} updates, every evaluation point ({@link EvaluationCadence}), the last step of the plan and
     * the step where the trial diverged. The points do not depend on how the run is split into step ranges.
     */
    public void run(TrainingState state, long toStep, Curve curve) {
        BlockTrainer.run(new TrainingKernel[] {this}, new TrainingState[] {state}, new Curve[] {curve}, toStep);
    }

    /** The rows the training loss is evaluated on (the training rows in the replicated layout). */
    DataBlock train() {
        return train;
    }

    /**
     * Begins update k = state.step() from the mini-batch loss, the gradient's norm and the schedule's rate for
     * k. Returns false, with the trial marked diverged and the point recorded, when the loss or gradient is not
     * finite; the update is then not made. Otherwise the caller clips the gradient, makes the optimizer step
     * and calls {@link #afterUpdate}.
     */
    boolean beginUpdate(TrainingState state, double loss, double gradientNorm, double rate, Curve curve) {
        TrainingSettings settings = plan.settings();
        long t = state.step + 1;
        double beta = settings.lossEmaBeta();
        batchLoss = loss;
        norm = gradientNorm;
        lr = rate;
        state.lossEma = beta * state.lossEma + (1 - beta) * loss;
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            state.divergedAt = t;
            state.divergenceCause = "the mini-batch loss of update " + t + " is " + Format.significant(loss, 4)
                    + (Double.isFinite(norm) ? "" : " and its gradient is not finite");
            curve.add(t, epochOf(t), lr, loss, debiasedEma(state, t), norm, Double.NaN, Double.NaN, Double.NaN);
            return false;
        }
        if (!Double.isNaN(settings.smoothedStop())) {
            double smoothed = debiasedEma(state, t);
            state.lowestSmoothed = Math.min(state.lowestSmoothed, smoothed);
            if (smoothed > settings.smoothedStop() * state.lowestSmoothed) {
                state.divergedAt = t;
                state.divergenceCause = "the smoothed mini-batch loss " + Format.significant(smoothed, 4)
                        + " before update " + t + " exceeds " + Format.number(settings.smoothedStop())
                        + " × its lowest, " + Format.significant(state.lowestSmoothed, 4);
                curve.add(t, epochOf(t), lr, loss, smoothed, norm, Double.NaN, Double.NaN, Double.NaN);
                return false;
            }
        }
        return true;
    }

    /**
     * Counts the update just made, with its cosine with the previous update and whether every parameter is
     * finite. Returns false, with the trial marked diverged and the point recorded, when one is not.
     */
    boolean afterUpdate(TrainingState state, double updateCosine, boolean finite, Curve curve) {
        state.step = state.step + 1;
        cosine = updateCosine;
        if (finite) {
            return true;
        }
        state.divergedAt = state.step;
        state.divergenceCause = "a parameter is not finite after update " + state.step;
        return recordDiverged(state, curve);
    }

    private boolean recordDiverged(TrainingState state, Curve curve) {
        finishUpdate(state, Double.NaN, Double.NaN, curve);
        return false;
    }

    /** The moving average of the mini-batch loss after t updates, debiased as Adam's moments are. */
    private double debiasedEma(TrainingState state, long t) {
        return state.lossEma / (1 - StrictMath.pow(plan.settings().lossEmaBeta(), t));
    }

    /** True when the training and validation losses are due after the update just made. */
    boolean evaluationDue(TrainingState state) {
        return plan.settings().evaluation().due(state.step, plan.totalSteps());
    }

    /**
     * True when the curve has a point at step t whatever happens: a {@code log_every} point, an evaluation point
     * or the plan's last step. (A trial that diverges also gets a point where it diverged.) Between such points
     * {@link #finishUpdate} has nothing to do for a trial that has not diverged.
     */
    boolean recorded(long t) {
        TrainingSettings settings = plan.settings();
        return t % settings.logEvery() == 0 || t == plan.totalSteps()
                || settings.evaluation().due(t, plan.totalSteps());
    }

    /** Checks the evaluated loss (NaN when none was due) against the divergence limit and records the point. */
    void finishUpdate(TrainingState state, double trainLoss, double valLoss, Curve curve) {
        TrainingSettings settings = plan.settings();
        long t = state.step;
        if (!Double.isNaN(trainLoss) && !state.diverged()) {
            double limit = settings.divergenceFactor() * state.initialTrainLoss;
            if (!Double.isFinite(trainLoss) || (state.initialTrainLoss > 0 && trainLoss > limit)) {
                state.divergedAt = t;
                state.divergenceCause = "the training loss " + Format.significant(trainLoss, 4) + " at step "
                        + t + " exceeds " + Format.number(settings.divergenceFactor()) + " × the initial "
                        + Format.significant(state.initialTrainLoss, 4);
            }
        }
        if (t % settings.logEvery() == 0 || !Double.isNaN(trainLoss) || state.diverged() || t == plan.totalSteps()) {
            curve.add(t, epochOf(t), lr, batchLoss, debiasedEma(state, t), norm, cosine, trainLoss, valLoss);
        }
    }

    /**
     * The training loss (on the evaluation rows) and validation loss of a block of parameter vectors at once,
     * in block layout (see {@link dev.lrsweep.core.model.Model#lossAndGradients}).
     */
    void evaluate(Workspace ws, double[] params, int trials, double[] trainLoss, double[] valLoss) {
        if (evalOrder == null) {
            plan.model().meanLosses(ws, params, trials, train, null, 0, train.rows(), trainLoss);
        } else {
            plan.model().meanLosses(ws, params, trials, train, evalOrder, 0, evalOrder.length, trainLoss);
        }
        if (validation == null) {
            java.util.Arrays.fill(valLoss, 0, trials, Double.NaN);
        } else {
            plan.model().meanLosses(ws, params, trials, validation, null, 0, validation.rows(), valLoss);
        }
    }

    private double epochOf(long step) {
        return (double) step / stepsPerEpoch;
    }
}
