/**
 * The mini-batch training loop as a kernel (data block + start state + step range → end state + curve), the curve it records, and the settings and plan of one trial.
 */
package dev.lrsweep.core.train;
