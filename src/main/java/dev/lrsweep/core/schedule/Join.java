package dev.lrsweep.core.schedule;

/**
 * Two schedules joined at a boundary, as Optax's {@code join_schedules}: {@code first(k)} while k &lt; boundary,
 * then {@code second(k − boundary)}, so the second starts from its own step 0. Warm-up in front of any
 * schedule is a linear ramp joined to it.
 */
record Join(Schedule first, Schedule second, long boundary) implements Schedule {
    @Override
    public double rate(long k) {
        return k < boundary ? first.rate(k) : second.rate(k - boundary);
    }
}
