/**
 * Optimizers exactly as {@code torch.optim} defines them, each an immutable rule plus per-run state built fresh from its spec; the learning rate is passed in per update. A rule updates one parameter vector or a run of trials of a block in block layout (parameter i of trial t at {@code [i·T + t]}), each trial with its own rate, through the same element operations. Also gradient clipping as {@code clip_grad_norm_}.
 */
package dev.lrsweep.core.optim;
