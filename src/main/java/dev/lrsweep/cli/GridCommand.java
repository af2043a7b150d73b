package dev.lrsweep.cli;

import dev.lrsweep.core.spec.Format;
import dev.lrsweep.sweep.CostEstimate;
import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grid CONFIG}: a dry run that expands the grid and estimates its cost, without starting Spark. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Expand a sweep's grid and estimate its cost, without starting Spark.",
            "Prints the axes, the number of trials, the cost in sample-gradients and the first trials."})
public final class GridCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The sweep file (YAML).")
    Path config;

    @Option(names = "--rows", paramLabel = "N",
            description = "Rows in the data set, to turn the cost into a figure (the data is not read).")
    Long rows;

    @Option(names = "--all", description = "List every trial, not only the first 20.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepConfig c = SweepFile.read(config);
        SweepConfig.Grid g = c.grid();
        if (g.auto() != null) {
            out.printf("sweep %s: learning_rates: auto, so a range test lays the ladder when the sweep runs (%d per"
                    + " decade, from %s decades below the lowest suggested rate to above the highest edge): %d trials"
                    + " per rate; lrsweep find %s runs the range test and shows the ladder%n", c.name(),
                    g.auto().perDecade(), Format.number(g.auto().span()), Grid.expand(c.withLearningRates(List.of(1.0)))
                    .size(), config);
            return 0;
        }
        List<TrialSpec> trials = Grid.expand(c);
        out.printf("sweep %s: %s = %s × %s × %s × %s × %s%s%s%n", c.name(), Format.count(trials.size(), "trial"),
                Format.count(g.learningRates().size(), "learning rate"), Format.count(g.schedules().size(), "schedule"),
                Format.count(g.batchSizes().size(), "batch size"), Format.count(g.optimizers().size(), "optimizer"),
                Format.count(g.seeds().size(), "seed"),
                g.clipGradNorms().isEmpty() ? "" : " × " + Format.count(g.clipGradNorms().size(), "clipping threshold"),
                g.initScales().isEmpty() ? "" : " × " + Format.count(g.initScales().size(), "initial scale"));
        out.println("  learning rates: " + String.join(", ", g.learningRates().stream().map(Format::number).toList()));
        out.println("  schedules:      " + String.join("; ", trials.stream().map(TrialSpec::scheduleReadable).distinct().toList()));
        out.println("  batch sizes:    " + String.join(", ", g.batchSizes().stream().map(GridCommand::batch).toList()));
        out.println("  optimizers:     " + String.join("; ", trials.stream().map(TrialSpec::optimizerReadable).distinct().toList()));
        out.println("  seeds:          " + String.join(", ", g.seeds().stream().map(String::valueOf).toList()));
        if (!g.clipGradNorms().isEmpty()) {
            out.println("  clipping:       " + String.join(", ", g.clipGradNorms().stream()
                    .map(v -> Double.isNaN(v) ? "none" : Format.number(v)).toList()));
        }
        if (!g.initScales().isEmpty()) {
            out.println("  initial scales: " + String.join(", ", g.initScales().stream().map(Format::number).toList()));
        }
        out.println("  budget:         " + c.train().budget() + " per trial, model " + c.model().type());
        int every = c.train().evaluation().every();
        out.println("  evaluation:     " + (every > 0 ? "every " + every + (every == 1 ? " update" : " updates")
                + " and at the last (eval_every)" : c.train().evaluation().points() + " points per trial, spread"
                + " evenly over its updates, and the initial model"));
        if (rows == null) {
            if (c.train().budget().epochs() > 0) {
                out.printf("cost: %d trials × %d epochs × N training rows = %s·N sample-gradients"
                                + " (give --rows N for a figure)%n", trials.size(), c.train().budget().epochs(),
                        Format.number((double) trials.size() * c.train().budget().epochs()));
            } else {
                out.println("cost: give --rows N (the data set's rows) for a figure");
            }
        } else {
            CostEstimate e = CostEstimate.of(c, trials, rows);
            // a sample-loss is a forward pass, about half the work of a sample-gradient (forward and backward)
            double evaluation = e.evaluations() / 2 / e.gradients();
            out.printf("cost: %s sample-gradients of training on %d rows (%d held out), and %s sample-losses of"
                            + " evaluation, about %s the training's work%n", Format.large(e.gradients()),
                    e.trainingRows(), e.validationRows(), Format.large(e.evaluations()),
                    evaluation < 1 ? Math.round(evaluation * 100) + "% of" : Format.significant(evaluation, 2) + "×");
            if (evaluation > 1) {
                out.println("note: evaluation dominates the cost (a sample-loss is about half a sample-gradient);"
                        + " evaluate at fewer points (train.evaluations or train.eval_every) or on fewer training rows"
                        + " (train.eval_rows)");
            }
        }
        // Without the data's size only full-batch runs have a known length (one update per epoch): warn about
        // what is certain.
        String sparse = TrialPlanner.sparseEvaluationWarning(c, rows != null
                ? CostEstimate.of(c, trials, rows).trainingRows() : Integer.MAX_VALUE);
        if (sparse != null) {
            out.println(sparse);
        }
        String seeds = Grid.identicalSeeds(c, rows == null ? -1 : rows);
        if (seeds != null) {
            out.println(seeds);
        }
        int shown = all ? trials.size() : Math.min(20, trials.size());
        out.printf("%-16s  %-9s  %-28s  %-36s  %-6s  %s%n", "trial_id", "lr", "optimizer", "schedule", "batch", "seed");
        for (TrialSpec t : trials.subList(0, shown)) {
            out.printf("%-16s  %-9s  %-28s  %-36s  %-6s  %d%n", t.trialId(), Format.number(t.learningRate()),
                    t.optimizerReadable(), t.scheduleReadable(), batch(t.batchSize()), t.seed());
        }
        if (shown < trials.size()) {
            out.printf("… and %d more (--all lists them)%n", trials.size() - shown);
        }
        out.flush();
        return 0;
    }

    private static String batch(int b) {
        return b == SweepConfig.Grid.FULL_BATCH ? "full" : Integer.toString(b);
    }
}
