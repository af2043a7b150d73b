package dev.lrsweep.core.diagnose;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * A trial's verdict: its status (the worst flag), every flag that applies, whether it is stable, the step at which it
 * diverged (-1 if it did not), one readable sentence that says why with the numbers behind it, and those numbers.
 *
 * @param noiseFloor         the noise floor σ its rises were judged against (its rate's, over the seeds)
 * @param rises              the rises of its evaluated training loss
 * @param meanReduction      its rate's loss reduction, mean over the seeds that did not diverge
 * @param groupBestReduction the best rate's mean reduction in its group, NaN when no rate made progress
 * @param falling            whether its loss was still falling at the end
 */
public record Verdict(Status status, Set<Status> flags, boolean stable, long divergedAtStep, String reason,
                      double noiseFloor, Rises rises, double meanReduction, double groupBestReduction,
                      boolean falling) implements Serializable {

    public Verdict {
        flags = flags.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(flags);
    }

    public boolean has(Status flag) {
        return flags.contains(flag);
    }

    /** The stability rule: no flag that {@link Status#breaksStability() breaks stability}. */
    public static boolean stable(Set<Status> flags) {
        return flags.stream().noneMatch(Status::breaksStability);
    }

    /** Its rate's progress as a fraction of the best rate's in its group, NaN when unknown. */
    public double progressFraction() {
        return groupBestReduction > 0 ? meanReduction / groupBestReduction : Double.NaN;
    }
}
