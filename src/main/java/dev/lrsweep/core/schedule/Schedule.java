package dev.lrsweep.core.schedule;

import java.io.Serializable;

/**
 * A learning-rate schedule: a pure function of k, the number of updates already made, so that update k
 * (counting from 0) uses {@code rate(k)}. This matches a PyTorch scheduler stepped once per update, after
 * {@code optimizer.step()}: the first update uses {@code rate(0)}, the base rate for most schedules.
 *
 * <p>A schedule is built for one base rate α and one run length T ({@link Schedules#create}); it holds no
 * state, so any step can be asked for in any order, which is what partition-parallel training and resumed
 * runs need.
 */
@FunctionalInterface
public interface Schedule extends Serializable {

    /** The learning rate of update k (k ≥ 0). */
    double rate(long k);
}
