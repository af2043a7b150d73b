/**
 * {@code lrsweep bench}: one synthetic problem trained three ways in one process, so that lrsweep's fused trial
 * blocks can be compared with MLlib's mini-batch SGD and with training trials one after another.
 *
 * <ul>
 *   <li>{@link dev.lrsweep.bench.BenchProblem}: the problem, the grid of trials as a sweep, and the counting of
 *       sample-gradients;</li>
 *   <li>{@link dev.lrsweep.bench.SparkWay}: lrsweep's own {@code run} path on the session's executors, timed by
 *       its training job;</li>
 *   <li>{@link dev.lrsweep.bench.LocalWays}: blocks of trials on threads, and single trials one after another;</li>
 *   <li>{@link dev.lrsweep.bench.MllibWay}: {@code GradientDescent.runMiniBatchSGD} on the same rows;</li>
 *   <li>{@link dev.lrsweep.bench.Peak}, {@link dev.lrsweep.bench.HeapWatch}, {@link dev.lrsweep.bench.Way}: the
 *       machine's assumed peak, the heap during a run, and one way's figures.</li>
 * </ul>
 */
package dev.lrsweep.bench;
