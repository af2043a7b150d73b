/**
 * Verdicts on loss curves (diverged, oscillating, zigzag, slow, plateaued, ok), each with its evidence and a sentence that explains it.
 */
package dev.lrsweep.core.diagnose;
