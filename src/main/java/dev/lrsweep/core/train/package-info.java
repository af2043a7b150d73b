/**
 * The mini-batch training loop as a kernel (data block + start state + step range → end state + curve), run for a block of trials that share their mini-batches with the block's numbers in block layout (a single trial is a block of one), the curve it records, and the settings and plan of one trial.
 */
package dev.lrsweep.core.train;
