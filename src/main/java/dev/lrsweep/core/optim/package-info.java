/**
 * Optimizers exactly as {@code torch.optim} defines them, each an immutable rule plus per-run state built fresh from its spec; the learning rate is passed in per update. Also gradient clipping as {@code clip_grad_norm_}.
 */
package dev.lrsweep.core.optim;
