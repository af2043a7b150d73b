package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Workspace;
import dev.lrsweep.core.optim.GradientClipping;
import dev.lrsweep.core.spec.Format;

/**
 * The mini-batch loop of one trial as a kernel: data block + start state + step range → end state + curve.
 *
 * <p>Update k (counting from 0) works on batch {@code k mod S} of epoch {@code ⌊k / S⌋}, where S = ⌈rows / B⌉:
 * the rows at positions {@code [b·B, min(rows, (b+1)·B))} of that epoch's order, so the last batch of an epoch
 * may be smaller. The order is input order, or a shuffle seeded by (trial seed, epoch) alone; any step range
 * can therefore be run anywhere and gives the same bits. Each update runs as a PyTorch loop does: forward and
 * backward ({@link Model#lossAndGradient}), gradient clipping, {@code optimizer.step()} with the rate the
 * schedule gives for k, then the scheduler step.
 *
 * <p>The kernel stops a trial as diverged when a mini-batch loss, the gradient or a parameter is not finite, or
 * when an evaluated training loss exceeds {@code divergence_factor} × the initial one.
 */
public final class TrainingKernel {
    private final TrialPlan plan;
    private final DataBlock train;
    private final DataBlock validation;
    private final int[] evalOrder;
    private final long stepsPerEpoch;
    private final double[] gradient;
    private final double[] before;
    private final Workspace workspace = new Workspace();
    private EpochOrder order;

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
        if (train.rows() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (plan.batchSize() > train.rows()) {
            throw new IllegalArgumentException("batch size " + plan.batchSize() + " exceeds the " + train.rows()
                    + " training rows");
        }
        this.plan = plan;
        this.train = train;
        this.validation = validation == null || validation.rows() == 0 ? null : validation;
        this.evalOrder = evalOrder;
        this.stepsPerEpoch = TrialPlan.stepsPerEpoch(train.rows(), plan.batchSize());
        int n = plan.model().parameterCount();
        this.gradient = new double[n];
        this.before = new double[n];
    }

    public TrialPlan plan() {
        return plan;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The buffer the gradient of the update in progress goes into, before {@link #beginUpdate}. */
    double[] gradient() {
        return gradient;
    }

    /** The first position of update k's batch in its epoch's order. */
    int batchStart(long k) {
        return (int) ((k % stepsPerEpoch) * plan.batchSize());
    }

    /** One past the last position of update k's batch in its epoch's order. */
    int batchEnd(long k) {
        return (int) Math.min(train.rows(), batchStart(k) + (long) plan.batchSize());
    }

    /** The state before any update, with its curve point (step 0) recorded. */
    public TrainingState start(Curve curve) {
        double[] params = plan.initialParams().clone();
        double[] loss = new double[1];
        double[] val = new double[] {Double.NaN};
        evaluate(workspace, new double[][] {params}, 1, loss, val);
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
     * {@code log_every} updates, every evaluation point, the last step of the plan and the step where the trial
     * diverged. The points do not depend on how the run is split into step ranges.
     */
    public void run(TrainingState state, long toStep, Curve curve) {
        if (order == null) {
            order = new EpochOrder(train.rows(), plan.seed(), plan.settings().shuffle());
        }
        double[][] params = {state.params};
        double[][] gradients = {gradient};
        double[] loss = new double[1];
        double[] trainLoss = new double[1];
        double[] valLoss = new double[1];
        while (state.step < toStep && !state.diverged()) {
            long k = state.step;
            plan.model().lossAndGradients(workspace, params, 1, train, order.of(k / stepsPerEpoch), batchStart(k),
                    batchEnd(k), gradients, loss);
            if (!beginUpdate(state, loss[0], curve)) {
                return;
            }
            trainLoss[0] = Double.NaN;
            valLoss[0] = Double.NaN;
            if (evaluationDue(state)) {
                evaluate(workspace, params, 1, trainLoss, valLoss);
            }
            finishUpdate(state, trainLoss[0], valLoss[0], curve);
        }
    }

    /**
     * Applies update k = state.step() from the loss and {@link #gradient()}: gradient norm, clipping, the
     * optimizer step with the schedule's rate. Returns false, with the trial marked diverged and the point
     * recorded, when the loss or gradient is not finite; the update is then not made.
     */
    boolean beginUpdate(TrainingState state, double loss, Curve curve) {
        TrainingSettings settings = plan.settings();
        long k = state.step;
        long t = k + 1;
        double beta = settings.lossEmaBeta();
        batchLoss = loss;
        norm = GradientClipping.norm(gradient);
        lr = plan.schedule().rate(k);
        state.lossEma = beta * state.lossEma + (1 - beta) * loss;
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            state.divergedAt = t;
            state.divergenceCause = "the mini-batch loss of update " + t + " is " + Format.significant(loss, 4)
                    + (Double.isFinite(norm) ? "" : " and its gradient is not finite");
            curve.add(t, epochOf(t), lr, loss, debiasedEma(state, t), norm, Double.NaN, Double.NaN, Double.NaN);
            return false;
        }
        if (!Double.isNaN(settings.clipGradNorm())) {
            GradientClipping.clip(gradient, norm, settings.clipGradNorm());
        }
        double[] params = state.params;
        System.arraycopy(params, 0, before, 0, params.length);
        plan.optimizer().update(params, gradient, lr, state.optimizer);
        state.step = t;
        cosine = recordUpdate(state);
        return !state.diverged() || recordDiverged(state, curve);
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
        return state.step % plan.settings().evalEvery() == 0 || state.step == plan.totalSteps();
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

    /** The training loss (on the evaluation rows) and validation loss of several parameter vectors at once. */
    void evaluate(Workspace ws, double[][] params, int trials, double[] trainLoss, double[] valLoss) {
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

    /**
     * Stores this update (θ − θ before), returns its cosine with the previous update and checks the parameters.
     * The cosine is NaN for the first update, and where either update is too small to have a direction (below
     * 1e-10 of the parameters' norm, where rounding decides it).
     */
    private double recordUpdate(TrainingState state) {
        double[] params = state.params;
        double[] last = state.lastUpdate;
        boolean first = last == null;
        if (first) {
            last = state.lastUpdate = new double[params.length];
        }
        // two partial sums per quantity (even and odd indices) halve the dependency chains
        double dot0 = 0.0, dot1 = 0.0, now0 = 0.0, now1 = 0.0, last0 = 0.0, last1 = 0.0, par0 = 0.0, par1 = 0.0;
        double nonFinite = 0.0;
        int n = params.length;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            double p0 = params[i], p1 = params[i + 1];
            double u0 = p0 - before[i], u1 = p1 - before[i + 1];
            double l0 = last[i], l1 = last[i + 1];
            nonFinite += (p0 - p0) + (p1 - p1);
            dot0 = Math.fma(u0, l0, dot0);
            dot1 = Math.fma(u1, l1, dot1);
            now0 = Math.fma(u0, u0, now0);
            now1 = Math.fma(u1, u1, now1);
            last0 = Math.fma(l0, l0, last0);
            last1 = Math.fma(l1, l1, last1);
            par0 = Math.fma(p0, p0, par0);
            par1 = Math.fma(p1, p1, par1);
            last[i] = u0;
            last[i + 1] = u1;
        }
        for (; i < n; i++) {
            double p = params[i];
            double u = p - before[i];
            nonFinite += p - p;
            dot0 = Math.fma(u, last[i], dot0);
            now0 = Math.fma(u, u, now0);
            last0 = Math.fma(last[i], last[i], last0);
            par0 = Math.fma(p, p, par0);
            last[i] = u;
        }
        boolean finite = nonFinite == 0.0;
        double dot = dot0 + dot1;
        double nowSquared = now0 + now1;
        double lastSquared = last0 + last1;
        double paramSquared = par0 + par1;
        if (!finite) {
            state.divergedAt = state.step;
            state.divergenceCause = "a parameter is not finite after update " + state.step;
            return Double.NaN;
        }
        double floor = 1e-20 * paramSquared;
        if (first || nowSquared <= floor || lastSquared <= floor || nowSquared == 0 || lastSquared == 0) {
            return Double.NaN;
        }
        return dot / (Math.sqrt(nowSquared) * Math.sqrt(lastSquared));
    }

    private double epochOf(long step) {
        return (double) step / stepsPerEpoch;
    }
}
