package dev.lrsweep.core.train;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.data.SplitMix64;
import dev.lrsweep.core.model.Model;
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
    private final int[] order;
    private long orderEpoch = -1;
    private final double[] gradient;
    private final double[] before;

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
        this.order = train.identityOrder();
        int n = plan.model().parameterCount();
        this.gradient = new double[n];
        this.before = new double[n];
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The state before any update, with its curve point (step 0) recorded. */
    public TrainingState start(Curve curve) {
        double[] params = plan.initialParams().clone();
        double trainLoss = trainLoss(params);
        TrainingState state = new TrainingState(params, plan.optimizer().init(params.length), trainLoss);
        curve.add(0, 0.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, trainLoss, valLoss(params));
        if (!Double.isFinite(trainLoss)) {
            state.divergedAt = 0;
            state.divergenceCause = "the initial training loss is " + trainLoss;
        }
        return state;
    }

    /**
     * Runs updates until {@code state.step() == toStep} or the trial diverges, recording curve points: every
     * {@code log_every} updates, every evaluation point, the last step of the plan and the step where the trial
     * diverged. The points do not depend on how the run is split into step ranges.
     */
    public void run(TrainingState state, long toStep, Curve curve) {
        Model model = plan.model();
        TrainingSettings settings = plan.settings();
        double[] params = state.params;
        double beta = settings.lossEmaBeta();
        while (state.step < toStep && !state.diverged()) {
            long k = state.step;
            int[] rows = orderFor(k / stepsPerEpoch);
            int from = (int) ((k % stepsPerEpoch) * plan.batchSize());
            int to = (int) Math.min(train.rows(), from + (long) plan.batchSize());

            double loss = model.lossAndGradient(params, train, rows, from, to, gradient);
            double norm = GradientClipping.norm(gradient);
            double lr = plan.schedule().rate(k);
            long t = k + 1;
            state.lossEma = beta * state.lossEma + (1 - beta) * loss;
            double ema = state.lossEma / (1 - StrictMath.pow(beta, t));
            if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                // update t is not made: the state keeps k updates, the curve shows what update t saw
                state.divergedAt = t;
                state.divergenceCause = "the mini-batch loss of update " + t + " is " + Format.significant(loss, 4)
                        + (Double.isFinite(norm) ? "" : " and its gradient is not finite");
                curve.add(t, epochOf(t), lr, loss, ema, norm, Double.NaN, Double.NaN, Double.NaN);
                return;
            }
            if (!Double.isNaN(settings.clipGradNorm())) {
                GradientClipping.clip(gradient, norm, settings.clipGradNorm());
            }
            System.arraycopy(params, 0, before, 0, params.length);
            plan.optimizer().update(params, gradient, lr, state.optimizer);
            state.step = t;
            double cosine = recordUpdate(state);

            double trainLoss = Double.NaN;
            double valLoss = Double.NaN;
            if (!state.diverged() && (t % settings.evalEvery() == 0 || t == plan.totalSteps())) {
                trainLoss = trainLoss(params);
                valLoss = valLoss(params);
                double limit = settings.divergenceFactor() * state.initialTrainLoss;
                if (!Double.isFinite(trainLoss) || (state.initialTrainLoss > 0 && trainLoss > limit)) {
                    state.divergedAt = t;
                    state.divergenceCause = "the training loss " + Format.significant(trainLoss, 4) + " at step "
                            + t + " exceeds " + Format.number(settings.divergenceFactor()) + " × the initial "
                            + Format.significant(state.initialTrainLoss, 4);
                }
            }
            if (t % settings.logEvery() == 0 || !Double.isNaN(trainLoss) || state.diverged() || t == plan.totalSteps()) {
                curve.add(t, epochOf(t), lr, loss, ema, norm, cosine, trainLoss, valLoss);
            }
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
        double dot = 0.0;
        double nowSquared = 0.0;
        double lastSquared = 0.0;
        double paramSquared = 0.0;
        boolean finite = true;
        for (int i = 0; i < params.length; i++) {
            double p = params[i];
            double u = p - before[i];
            finite &= Double.isFinite(p);
            dot += u * last[i];
            nowSquared += u * u;
            lastSquared += last[i] * last[i];
            paramSquared += p * p;
            last[i] = u;
        }
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

    private int[] orderFor(long epoch) {
        if (epoch != orderEpoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (plan.settings().shuffle()) {
                new SplitMix64(SplitMix64.derive(plan.seed(), epoch)).shuffle(order);
            }
            orderEpoch = epoch;
        }
        return order;
    }

    private double epochOf(long step) {
        return (double) step / stepsPerEpoch;
    }

    private double trainLoss(double[] params) {
        return evalOrder == null
                ? plan.model().meanLoss(params, train)
                : plan.model().meanLoss(params, train, evalOrder, 0, evalOrder.length);
    }

    private double valLoss(double[] params) {
        return validation == null ? Double.NaN : plan.model().meanLoss(params, validation);
    }
}
