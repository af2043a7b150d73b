package dev.lrsweep.core.train;

import java.io.Serializable;

/**
 * Settings that every trial of a sweep shares.
 *
 * @param shuffle          a fresh seeded shuffle each epoch; false keeps input order
 * @param evaluation       when the training and validation losses are evaluated
 * @param logEvery         updates between recorded curve points (evaluation points are always recorded)
 * @param clipGradNorm     the maximum global gradient norm, or NaN for no clipping
 * @param divergenceFactor a trial stops as diverged once its evaluated training loss exceeds this many times
 *                         its initial loss
 * @param lossEmaBeta      the smoothing of the mini-batch loss average (debiased, as Adam's moments)
 * @param smoothedStop     a trial stops once that average exceeds this many times its lowest value so far, as
 *                         the learning-rate range test stops; NaN for never (every sweep trial)
 */
public record TrainingSettings(boolean shuffle, EvaluationCadence evaluation, int logEvery, double clipGradNorm,
                               double divergenceFactor, double lossEmaBeta, double smoothedStop)
        implements Serializable {

    public static final double DEFAULT_DIVERGENCE_FACTOR = 4.0;
    public static final double DEFAULT_LOSS_EMA_BETA = 0.9;

    public TrainingSettings {
        if (logEvery < 1) {
            throw new IllegalArgumentException("log_every must be at least 1");
        }
        if (!Double.isNaN(clipGradNorm) && !(clipGradNorm > 0)) {
            throw new IllegalArgumentException("clip_grad_norm must be positive");
        }
        if (!(divergenceFactor > 1)) {
            throw new IllegalArgumentException("divergence_factor must be above 1");
        }
        if (!(lossEmaBeta >= 0 && lossEmaBeta < 1)) {
            throw new IllegalArgumentException("the loss EMA's beta must lie in [0, 1)");
        }
        if (!Double.isNaN(smoothedStop) && !(smoothedStop > 1)) {
            throw new IllegalArgumentException("the smoothed-loss stop must be above 1, or NaN for none");
        }
    }

    /** Settings without the smoothed-loss stop. */
    public TrainingSettings(boolean shuffle, EvaluationCadence evaluation, int logEvery, double clipGradNorm,
                            double divergenceFactor, double lossEmaBeta) {
        this(shuffle, evaluation, logEvery, clipGradNorm, divergenceFactor, lossEmaBeta, Double.NaN);
    }

    /**
     * Shuffled, evaluated at {@value EvaluationCadence#DEFAULT_POINTS} points per run and logged every 10 updates, no
     * clipping, divergence at 4× the initial loss.
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(true, EvaluationCadence.pointsPerRun(EvaluationCadence.DEFAULT_POINTS), 10,
                Double.NaN, DEFAULT_DIVERGENCE_FACTOR, DEFAULT_LOSS_EMA_BETA);
    }

    public TrainingSettings withShuffle(boolean value) {
        return new TrainingSettings(value, evaluation, logEvery, clipGradNorm, divergenceFactor, lossEmaBeta,
                smoothedStop);
    }

    /** Evaluated every {@code everyEval} updates and logged every {@code everyLog}. */
    public TrainingSettings withEvaluation(int everyEval, int everyLog) {
        return new TrainingSettings(shuffle, EvaluationCadence.everyUpdates(everyEval), everyLog, clipGradNorm,
                divergenceFactor, lossEmaBeta, smoothedStop);
    }

    public TrainingSettings withClipGradNorm(double value) {
        return new TrainingSettings(shuffle, evaluation, logEvery, value, divergenceFactor, lossEmaBeta, smoothedStop);
    }

    public TrainingSettings withDivergenceFactor(double value) {
        return new TrainingSettings(shuffle, evaluation, logEvery, clipGradNorm, value, lossEmaBeta, smoothedStop);
    }

    /** Stops a trial once its smoothed mini-batch loss exceeds {@code factor} × its lowest value so far. */
    public TrainingSettings withSmoothedStop(double factor) {
        return new TrainingSettings(shuffle, evaluation, logEvery, clipGradNorm, divergenceFactor, lossEmaBeta, factor);
    }
}
