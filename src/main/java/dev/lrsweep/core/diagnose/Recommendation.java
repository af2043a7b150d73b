package dev.lrsweep.core.diagnose;

import static dev.lrsweep.core.spec.Format.number;
import static dev.lrsweep.core.spec.Format.significant;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer a sweep ends with, from its groups' summaries: one paragraph (use α = X with optimizer O, schedule S and
 * batch size B, and why), then one row per group (recommended, largest stable, first unstable, notes). The console and
 * the report print exactly this text.
 *
 * <p>The recommended group is the one whose recommended rate has the lowest loss (rank_by, mean over seeds); ties go
 * to the larger rate, then to the group that comes first in the grid.
 */
public final class Recommendation {
    /** The per-group table's column names, as the {@code summary} table names them. */
    public static final List<String> TABLE_HEADER = List.of("optimizer", "schedule", "batch_size", "recommended_lr",
            "largest_stable_lr", "first_unstable_lr", "notes");

    private final List<GroupSummary> groups;
    private final String rankBy;
    private final double tolerance;

    /**
     * @param groups    the groups in grid order
     * @param rankBy    the loss the trials are ranked by ({@code final_val_loss}, …)
     * @param tolerance the recommend tolerance (a fraction)
     */
    public Recommendation(List<GroupSummary> groups, String rankBy, double tolerance) {
        this.groups = List.copyOf(groups);
        this.rankBy = rankBy;
        this.tolerance = tolerance;
    }

    /** The group whose recommendation is best, or null when no group has one. */
    public GroupSummary chosen() {
        GroupSummary best = null;
        for (GroupSummary g : groups) {
            if (Double.isNaN(g.recommendedLr())) {
                continue;
            }
            if (best == null || g.recommendedLoss() < best.recommendedLoss()
                    || g.recommendedLoss() == best.recommendedLoss() && g.recommendedLr() > best.recommendedLr()) {
                best = g;
            }
        }
        return best;
    }

    /** The closing paragraph. */
    public String paragraph() {
        GroupSummary g = chosen();
        if (g == null) {
            return "No learning rate can be recommended: in no optimizer × schedule × batch size is a rate stable in"
                    + " every seed with a loss near the group's best. The table below says what each group found;"
                    + " widen the ladder or train longer.";
        }
        StringBuilder s = new StringBuilder();
        String seeds = g.seeds() == 1 ? "1 seed" : g.seeds() + " seeds";
        String closeness = g.bestLr() == g.recommendedLr() ? " is the best in its group"
                : " is within " + significant(100 * tolerance, 3) + "% of the best in its group ("
                + significant(g.bestLoss(), 4) + " at α = " + number(g.bestLr()) + ")";
        s.append("Use α = ").append(number(g.recommendedLr())).append(" with optimizer ").append(g.optimizer())
                .append(", schedule ").append(g.schedule()).append(" and batch size ").append(g.batchSize())
                .append(". ");
        if (g.largestStableLr() == g.recommendedLr()) {
            s.append("It is the largest rate whose loss falls smoothly in every seed (").append(seeds)
                    .append("), and its ").append(lossName()).append(' ')
                    .append(significant(g.recommendedLoss(), 4)).append(closeness).append('.');
        } else {
            s.append("Its loss falls smoothly in every seed (").append(seeds).append("), and its ").append(lossName())
                    .append(' ').append(significant(g.recommendedLoss(), 4)).append(closeness)
                    .append("; it is the largest such rate. Rates up to α = ").append(number(g.largestStableLr()))
                    .append(" still fall smoothly but end with a worse ").append(shortLossName()).append(" (")
                    .append(significant(lossAt(g, g.largestStableLr()), 4)).append(" at α = ")
                    .append(number(g.largestStableLr())).append(").");
        }
        if (!Double.isNaN(g.firstUnstableLr())) {
            s.append(" From α = ").append(number(g.firstUnstableLr())).append(" the loss ")
                    .append(verb(g.firstUnstableStatus()));
            if (!Double.isNaN(g.divergenceLr()) && g.divergenceLr() > g.firstUnstableLr()) {
                s.append("; it diverges from α = ").append(number(g.divergenceLr()));
            }
            s.append('.');
        } else if (!Double.isNaN(g.divergenceLr())) {
            s.append(" It diverges from α = ").append(number(g.divergenceLr())).append('.');
        }
        for (String w : g.warnings()) {
            s.append(" Note: ").append(w).append('.');
        }
        return s.toString();
    }

    /** One row per group, in grid order: the cells of {@link #TABLE_HEADER}. */
    public List<List<String>> table() {
        List<List<String>> rows = new ArrayList<>();
        for (GroupSummary g : groups) {
            List<String> notes = new ArrayList<>();
            if (g.firstUnstableStatus() != null) {
                notes.add(g.firstUnstableStatus() + " at " + number(g.firstUnstableLr()));
            }
            if (!Double.isNaN(g.divergenceLr()) && !(g.divergenceLr() == g.firstUnstableLr()
                    && "diverged".equals(g.firstUnstableStatus()))) {
                notes.add("diverges from " + number(g.divergenceLr()));
            }
            notes.addAll(g.warnings());
            rows.add(List.of(g.optimizer(), g.schedule(), Integer.toString(g.batchSize()), rate(g.recommendedLr()),
                    rate(g.largestStableLr()), rate(g.firstUnstableLr()), String.join("; ", notes)));
        }
        return rows;
    }

    /** The groups in the order the table lists them. */
    public List<GroupSummary> groups() {
        return groups;
    }

    private String lossName() {
        return switch (rankBy) {
            case "final_val_loss" -> "validation loss (final_val_loss, mean over seeds)";
            case "best_val_loss" -> "best validation loss (best_val_loss, mean over seeds)";
            default -> "training loss (" + rankBy + ", mean over seeds)";
        };
    }

    private String shortLossName() {
        return rankBy.endsWith("val_loss") ? "validation loss" : "training loss";
    }

    private static String verb(String status) {
        return switch (status) {
            case "diverged" -> "diverges";
            case "rising" -> "rises instead of falling";
            case "oscillating" -> "oscillates";
            case "slow", "plateaued" -> "makes too little progress (" + status + ")";
            default -> "is " + status;
        };
    }

    private static double lossAt(GroupSummary g, double lr) {
        return g.rates().stream().filter(r -> r.learningRate() == lr).mapToDouble(GroupSummary.RateSummary::meanLoss)
                .findFirst().orElse(Double.NaN);
    }

    private static String rate(double lr) {
        return Double.isNaN(lr) ? "-" : number(lr);
    }
}
