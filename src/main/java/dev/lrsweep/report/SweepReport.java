package dev.lrsweep.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows of one sweep.
 *
 * @param name       the sweep's name
 * @param source     the results directory it was read from
 * @param rankBy     the ranking metric
 * @param answer     the recommendation and the per-group table
 * @param data       the data as the run read it, or null when the results do not say
 * @param sweepYaml  the resolved sweep file
 * @param groups     the summary, in grid order
 * @param trials     every trial, in rank order
 * @param curves     every trial's downsampled curve (in any order; a trial without one shows none)
 * @param points     the most points per curve family ({@link PointBudget})
 */
public record SweepReport(String name, String source, String rankBy, Answer answer, DataDescription data,
                          String sweepYaml, List<GroupRow> groups, List<TrialRow> trials, List<CurveSketch> curves,
                          int points) {
    public SweepReport {
        groups = List.copyOf(groups);
        trials = List.copyOf(trials);
        curves = List.copyOf(curves);
    }

    /** The same report with another answer, e.g. the console's recommendation. */
    public SweepReport withAnswer(Answer other) {
        return new SweepReport(name, source, rankBy, other, data, sweepYaml, groups, trials, curves, points);
    }

    /** Whether the trials have validation losses. */
    public boolean hasValidation() {
        return trials.stream().anyMatch(t -> !Double.isNaN(t.finalVal()));
    }

    /** The curves by trial id. */
    public Map<String, CurveSketch> curvesById() {
        Map<String, CurveSketch> byId = new HashMap<>();
        for (CurveSketch c : curves) {
            byId.put(c.trialId(), c);
        }
        return byId;
    }
}
