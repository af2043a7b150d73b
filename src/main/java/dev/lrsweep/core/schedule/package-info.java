/**
 * Learning-rate schedules as pure functions of the number of updates made, in the closed forms of {@code torch.optim.lr_scheduler}; warm-up is a linear ramp joined to any schedule.
 */
package dev.lrsweep.core.schedule;
