/**
 * The learning-rate range test: its curves, the rule that reads a suggested rate and the stability edge from
 * several seeds' smoothed curves, the budget that keeps it cheap beside the sweep it precedes, and the ladder an
 * automatic sweep lays from what it found.
 */
package dev.lrsweep.core.rangetest;
