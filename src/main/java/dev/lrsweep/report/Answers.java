package dev.lrsweep.report;

import dev.lrsweep.core.spec.Format;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The answer a report opens with, made from the tables: the console's closing line about the best trial, and one
 * row per group with the rates the summary gives (the recommended and first unstable rates where the summary has
 * them, and the range warnings as notes).
 */
public final class Answers {
    private Answers() {
    }

    /** The answer for a sweep's groups and trials (in rank order), ranked by {@code rankBy}. */
    public static Answer fromTables(List<GroupRow> groups, List<TrialRow> trials, String rankBy) {
        List<String> text = new ArrayList<>();
        trials.stream().min(Comparator.comparingInt(TrialRow::rank)).ifPresent(best -> text.add(bestTrial(best, rankBy)));
        boolean recommended = groups.stream().anyMatch(g -> !Double.isNaN(g.recommended()));
        boolean firstUnstable = groups.stream().anyMatch(g -> !Double.isNaN(g.firstUnstable()));
        boolean notes = groups.stream().anyMatch(g -> !g.warnings().isEmpty());
        List<String> header = new ArrayList<>(List.of("optimizer", "schedule", "batch size"));
        if (recommended) {
            header.add("recommended");
        }
        header.add("largest stable");
        header.add(firstUnstable ? "first unstable" : "diverges from");
        header.add("best trial");
        if (notes) {
            header.add("notes");
        }
        List<List<String>> rows = new ArrayList<>();
        for (GroupRow g : groups) {
            List<String> row = new ArrayList<>(List.of(g.optimizer(), g.schedule(), Integer.toString(g.batchSize())));
            if (recommended) {
                row.add(rate(g.recommended(), "none"));
            }
            row.add(rate(g.largestStable(), "none of the rates tried"));
            if (firstUnstable) {
                row.add(Double.isNaN(g.firstUnstable()) ? "none tried" : Format.number(g.firstUnstable())
                        + (g.firstUnstableStatus() == null ? "" : " (" + g.firstUnstableStatus() + ")"));
            } else {
                row.add(rate(g.divergence(), "no rate tried diverged"));
            }
            row.add(trials.stream().filter(t -> t.id().equals(g.bestTrialId())).findFirst()
                    .map(t -> "α " + Format.number(t.learningRate()) + ", " + t.status()).orElse(""));
            if (notes) {
                row.add(String.join("; ", g.warnings()));
            }
            rows.add(row);
        }
        groups.stream().flatMap(g -> g.warnings().stream().map(w -> g.label() + ": " + w)).forEach(text::add);
        return new Answer(String.join("\n", text), header, rows);
    }

    /** The console's line: {@code Best trial: <id> (lr 0.1, momentum, cosine, batch 32): final_val_loss 0.36, ok}. */
    static String bestTrial(TrialRow best, String rankBy) {
        double value = metric(rankBy).applyAsDouble(best);
        return "Best trial: " + best.id() + " (lr " + Format.number(best.learningRate()) + ", " + best.optimizer()
                + ", " + best.schedule() + ", batch " + best.batchSize() + "): " + rankBy + " "
                + (Double.isNaN(value) ? "NULL" : Format.number(value)) + ", " + best.status();
    }

    /** The trials' column a ranking metric names. */
    static ToDoubleFunction<TrialRow> metric(String rankBy) {
        return switch (rankBy) {
            case "final_val_loss" -> TrialRow::finalVal;
            case "best_val_loss" -> TrialRow::bestVal;
            case "final_train_loss" -> TrialRow::finalTrain;
            default -> throw new IllegalArgumentException("no ranking metric " + rankBy);
        };
    }

    private static String rate(double rate, String none) {
        return Double.isNaN(rate) ? none : Format.number(rate);
    }
}
