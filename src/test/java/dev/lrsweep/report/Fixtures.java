package dev.lrsweep.report;

import java.util.ArrayList;
import java.util.List;

/** A small sweep's report, made in memory: two groups × four rates × two seeds, one trial diverged. */
final class Fixtures {
    static final double[] RATES = {0.001, 0.01, 0.1, 1};

    private Fixtures() {
    }

    static SweepReport sweep(String name, int recordedPoints) {
        List<GroupRow> groups = List.of(
                new GroupRow("g0", "sgd", "constant", 32, 8, 0.1, 1, Double.NaN, Double.NaN, null, "t0-2-0", List.of()),
                new GroupRow("g1", "adam", "cosine", 32, 8, 0.01, Double.NaN, Double.NaN, Double.NaN, null, "t1-1-0",
                        List.of()));
        List<TrialRow> trials = new ArrayList<>();
        List<CurveSketch> curves = new ArrayList<>();
        int rank = 1;
        for (int g = 0; g < 2; g++) {
            for (int r = 0; r < RATES.length; r++) {
                for (int seed = 0; seed < 2; seed++) {
                    String id = "t" + g + "-" + r + "-" + seed;
                    boolean diverged = g == 0 && r == 3;
                    String status = diverged ? "diverged" : r == 0 ? "slow" : "ok";
                    double loss = diverged ? Double.NaN : 0.3 + 0.1 * Math.abs(r - 2) + 0.01 * seed;
                    trials.add(new TrialRow(id, RATES[r], g == 0 ? "sgd" : "adam", g == 0 ? "constant" : "cosine", 32,
                            seed, "g" + g, status, diverged ? List.of("diverged") : List.of(), !diverged, rank++,
                            diverged ? 40 : recordedPoints * 10L, 2, diverged ? 40 : -1, 0.6931, loss, loss, loss, loss,
                            status + ": the loss fell"));
                    curves.add(CurveSketchTest.curve(id, diverged ? 5 : recordedPoints, 10, PointBudget.perCurve(16),
                            true));
                }
            }
        }
        Answer answer = new Answer("Use α = 0.1 with optimizer sgd, schedule constant and batch size 32.",
                List.of("optimizer", "schedule", "batch_size", "largest_stable_lr"),
                List.of(List.of("sgd", "constant", "32", "0.1"), List.of("adam", "cosine", "32", "0.01")), List.of());
        return new SweepReport(name, "results/" + name, "final_val_loss", answer, new DataDescription("data/x", 800, 200, "a seeded 0.2 of the rows",
                List.of("x0", "x1"), 0, true, List.of(), List.of("feature x2 is constant")),
                "name: " + name + "\n", groups, trials, curves, PointBudget.perCurve(16));
    }
}
