/**
 * Synthetic regression and classification problems with a chosen condition number, for trying sweeps without
 * real data. Free of Spark: {@code lrsweep generate} maps row ids to rows with {@link dev.lrsweep.synthetic.SyntheticData}
 * on the executors.
 */
package dev.lrsweep.synthetic;
