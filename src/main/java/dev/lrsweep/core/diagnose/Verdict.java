package dev.lrsweep.core.diagnose;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * A trial's verdict: its status (the worst flag), every flag that applies, the step at which it diverged
 * (-1 if it did not) and one readable sentence that says why.
 */
public record Verdict(Status status, Set<Status> flags, long divergedAtStep, String reason) implements Serializable {

    public Verdict {
        flags = flags.isEmpty() ? EnumSet.noneOf(Status.class) : EnumSet.copyOf(flags);
    }

    public boolean has(Status flag) {
        return flags.contains(flag);
    }
}
