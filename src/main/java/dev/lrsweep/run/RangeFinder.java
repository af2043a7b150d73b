package dev.lrsweep.run;

import static dev.lrsweep.core.spec.Format.significant;

import dev.lrsweep.core.landscape.Landscape;
import dev.lrsweep.core.rangetest.ColdStartCheck;
import dev.lrsweep.core.rangetest.Finding;
import dev.lrsweep.core.rangetest.RangeTestBudget;
import dev.lrsweep.core.spec.Format;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.sweep.LaidLadder;
import dev.lrsweep.sweep.RangeTestPlan;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.TrialPlanner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * What lrsweep learns about a sweep's range before it trains: the landscape of its loss at the initial weights
 * (always), and, for {@code learning_rates: auto} and {@code lrsweep find}, the range test and the ladder it lays.
 * Says on the console what it found and chose, and why; {@link #write} writes its tables.
 */
public final class RangeFinder implements AutoCloseable {
    /** The tables it writes. */
    public static final List<String> TABLES = List.of("landscape", "range_test", "range_test_curves");
    /** Standardising is worth a line on the console when it would raise the stable rate at least this much. */
    public static final double WORTH_STANDARDIZING = 10;

    private final SparkSession spark;
    private final SweepConfig config;
    private final Landscape landscape;
    private final RangeTestJob rangeTest;
    private final LaidLadder ladder;

    private RangeFinder(SparkSession spark, SweepConfig config, Landscape landscape, RangeTestJob rangeTest,
                        LaidLadder ladder) {
        this.spark = spark;
        this.config = config;
        this.landscape = landscape;
        this.rangeTest = rangeTest;
        this.ladder = ladder;
    }

    /**
     * Estimates the landscape, and with {@code rangeTest} runs the range test and (for an automatic ladder) lays
     * the ladder; prints what it found.
     *
     * @throws dev.lrsweep.errors.ConfigException when an automatic ladder has nothing to be laid by
     */
    public static RangeFinder run(SparkSession spark, SweepConfig config, TrainingData data, TrialPlanner planner,
                                  boolean rangeTest, PrintWriter out) {
        Landscape landscape = LandscapeJob.run(spark, config, data, planner);
        describe(landscape, out);
        if (!rangeTest) {
            return new RangeFinder(spark, config, landscape, null, null);
        }
        RangeTestPlan plan = RangeTestPlan.of(config, planner, RangeTestPlan.sweepGradients(config, planner));
        describe(config, plan, out);
        RangeTestJob job = RangeTestJob.run(spark, config, data, planner, plan, landscape.lambdaMax(), config.name());
        try {
            describe(plan, job, out);
            LaidLadder ladder = null;
            double sweep = plan.sweepGradients();
            if (config.grid().auto() != null) {
                // the checks only lower suggestions, so the ladder laid before them bounds the sweep from below
                sweep = Math.max(sweep, RangeTestPlan.sweepGradients(config.withLearningRates(lay(config, job)
                        .rates()), planner));
            }
            job.check(RangeTestBudget.SHARE_PERCENT / 100.0 * sweep - job.rampGradients(), config.name());
            describeChecks(job, sweep, out);
            if (config.grid().auto() != null) {
                ladder = lay(config, job);
                out.println("learning_rates: auto laid " + ladder.why(config.grid().auto()));
                out.flush();
            }
            return new RangeFinder(spark, config, landscape, job, ladder);
        } catch (RuntimeException e) {
            job.close();
            throw e;
        }
    }

    private static LaidLadder lay(SweepConfig config, RangeTestJob job) {
        List<LaidLadder.Bounds> bounds = new ArrayList<>();
        for (RangeTestJob.Group g : job.groups()) {
            bounds.add(new LaidLadder.Bounds(g.optimizer() + " | batch " + g.batchSize(), g.batchSize(),
                    g.suggestedLr(), g.finding().edgeLr()));
        }
        return LaidLadder.lay(bounds, config.grid().auto(), config.grid().scaleWithBatch());
    }

    /** The sweep to run: with an automatic ladder, the ladder laid. */
    public SweepConfig resolved() {
        return ladder == null ? config : config.withLearningRates(ladder.rates());
    }

    public Landscape landscape() {
        return landscape;
    }

    /** The range test's groups, empty when it did not run. */
    public List<RangeTestJob.Group> groups() {
        return rangeTest == null ? List.of() : rangeTest.groups();
    }

    /** Writes {@code landscape/} and, when the range test ran, {@code range_test/} and {@code range_test_curves/}. */
    public void write(String dir) {
        LandscapeJob.write(spark, config, landscape, dir);
        if (rangeTest != null) {
            rangeTest.write(dir);
        }
    }

    @Override
    public void close() {
        if (rangeTest != null) {
            rangeTest.close();
        }
    }

    static void describe(Landscape l, PrintWriter out) {
        if (!l.measured()) {
            out.println("landscape: not measured for an mlp (the curvature at the initial weights is measured for the"
                    + " regression models)");
            out.flush();
            return;
        }
        out.println("landscape: λmax " + significant(l.lambdaMax(), 3) + " at the initial weights ("
                + (Double.isNaN(l.conditionNumber()) ? "" : "condition number " + (l.iterations() > l.parameters()
                ? "" : "≥ ") + significant(l.conditionNumber(), 2) + ", ") + l.rows() + " rows): full-batch gradient"
                + " descent is stable below 2/λmax = " + significant(l.gdEdgeLr(), 3)
                + (Double.isNaN(l.momentum()) ? "" : ", heavy ball (momentum " + Format.number(l.momentum()) + ") below "
                + significant(l.heavyBallEdgeLr(), 3))
                + (l.converged() ? "" : "; not converged after " + l.iterations() + " passes, so λmax may be larger"
                + " and the edges smaller"));
        if (!Double.isNaN(l.noiseScale())) {
            out.println("landscape: gradient noise scale B_simple ≈ " + significant(l.noiseScale(), 2) + " at the initial"
                    + " weights: batches much larger than this give diminishing returns per sample");
        }
        if (!l.standardized() && l.standardizeGain() >= WORTH_STANDARDIZING) {
            out.println("landscape: features span " + significant(Math.log10(l.featureScaleSpread()), 2)
                    + " decades of scale (std " + significant(l.featureStdMin(), 2) + " … "
                    + significant(l.featureStdMax(), 2) + "); data.standardize: true would raise the stable rate about "
                    + significant(l.standardizeGain(), 2) + "×");
        }
        out.flush();
    }

    private static void describe(SweepConfig config, RangeTestPlan plan, PrintWriter out) {
        SweepConfig.RangeTest r = config.rangeTest();
        StringBuilder steps = new StringBuilder();
        plan.stepsByBatchSize().forEach((b, s) -> {
            if (s != r.steps()) {
                steps.append(steps.length() == 0 ? " (" : ", ").append("batch ").append(b).append(": ").append(s);
            }
        });
        if (steps.length() > 0) {
            steps.append(", to keep within ").append(RangeTestBudget.SHARE_PERCENT).append(" % of the sweep)");
        }
        out.println("range test: " + plan.runs().size() + " runs (optimizer × batch size × seed), rate "
                + Format.number(r.from()) + " → " + Format.number(r.to()) + " over " + r.steps() + " updates" + steps
                + ", each stopped once its smoothed loss exceeds " + Format.number(r.stopFactor()) + " × its lowest");
        out.flush();
    }

    private static void describe(RangeTestPlan plan, RangeTestJob job, PrintWriter out) {
        out.println("range test: the ramps made " + significant(job.rampGradients(), 3) + " sample-gradients ("
                + significant(RangeTestBudget.percent(job.rampGradients(), plan.sweepGradients()), 2) + " % of the sweep's "
                + significant(plan.sweepGradients(), 3) + "; planned " + significant(plan.plannedPercent(), 2) + " %)"
                + (plan.overBudget() ? "; warning: more than " + RangeTestBudget.SHARE_PERCENT + " %, because even "
                + dev.lrsweep.core.rangetest.RangeTestBudget.FEWEST_STEPS + " updates per run cost that much beside"
                + " so small a sweep" : ""));
        out.flush();
    }

    /** The checks' cost and the groups' table, suggestions as checked. */
    private static void describeChecks(RangeTestJob job, double sweep, PrintWriter out) {
        out.println("range test: " + job.checks() + " cold-start checks (trials from the initial weights at the"
                + " suggested rate, judged as the sweep judges); in all " + significant(job.gradients(), 3)
                + " sample-gradients, " + significant(RangeTestBudget.percent(job.gradients(), sweep), 2)
                + " % of the sweep's " + significant(sweep, 3));
        out.printf("  %-34s %-10s %-8s %-10s %-20s %-10s %s%n", "optimizer | batch", "suggested", "spread", "steepest",
                "fall", "edge", "cold starts");
        for (RangeTestJob.Group g : job.groups()) {
            Finding f = g.finding();
            String group = g.optimizer() + " | " + g.batchSize();
            if (!f.suggests()) {
                out.printf("  %-34s %s%n", group, "no suggestion: " + f.note());
                continue;
            }
            String checks = g.check() == null ? "" : g.check().checks().stream().map(ColdStartCheck.Check::toString)
                    .collect(Collectors.joining(", "));
            if (g.check() != null && !Double.isNaN(g.suggestedLr()) && g.check().status() == null) {
                checks += (checks.isEmpty() ? "" : ", ") + significant(g.suggestedLr(), 2) + " not checked (budget spent)";
            }
            out.printf("  %-34s %-10s %-8s %-10s %-20s %-10s %s%n", group,
                    Double.isNaN(g.suggestedLr()) ? "none" : significant(g.suggestedLr(), 2),
                    Double.isNaN(g.spread()) ? "-" : "×" + significant(g.spread(), 2), significant(f.steepestLr(), 2),
                    significant(f.fallStartLr(), 2) + " … " + significant(f.fallEndLr(), 2),
                    (f.turnedUp() ? "" : "≥ ") + significant(f.edgeLr(), 2), checks);
        }
        out.flush();
    }
}
