package dev.lrsweep.core.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.diagnose.GroupSummary.RankedTrial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The summary's rules and the answer the console and the report print, on groups whose verdicts are given. */
class RecommendationTest {

    /** A rate's seeds: status and loss per seed. */
    record Rate(double lr, Status[] statuses, double[] losses) {
    }

    static Rate rate(double lr, Status status, double loss) {
        return new Rate(lr, new Status[] {status}, new double[] {loss});
    }

    static GroupSummary group(String optimizer, List<Rate> rates) {
        return group(optimizer, rates, false);
    }

    static GroupSummary group(String optimizer, List<Rate> rates, boolean falling) {
        List<RankedTrial> trials = new ArrayList<>();
        int rank = 1;
        for (Rate r : rates) {
            for (int s = 0; s < r.statuses().length; s++) {
                Status status = r.statuses()[s];
                boolean stable = !status.breaksStability();
                trials.add(new RankedTrial("t" + rank, r.lr(), s, rank++, status, stable, falling, r.losses()[s]));
            }
        }
        return GroupSummary.of(optimizer, "constant", 32, trials, 0.01);
    }

    static final List<Rate> LADDER = List.of(rate(0.01, Status.SLOW, 0.50), rate(0.03, Status.OK, 0.371),
            rate(0.1, Status.OK, 0.368), rate(0.3, Status.NOISY, 0.369), rate(1, Status.ZIGZAG, 0.40),
            rate(3, Status.OSCILLATING, 0.45), rate(10, Status.DIVERGED, Double.NaN));

    @Test
    @DisplayName("the recommended rate is the largest stable rate within 1% of the group's best loss")
    void theRecommendedRateIsTheLargestStableRateWithinOnePercentOfTheBest() {
        GroupSummary g = group("sgd", LADDER);
        assertEquals(0.1, g.bestLr());
        assertEquals(0.3, g.recommendedLr(), "0.369 is within 1% of 0.368; 1 is stable but 8.7% worse");
        assertEquals(1, g.largestStableLr());
        assertEquals(3, g.firstUnstableLr());
        assertEquals("oscillating", g.firstUnstableStatus());
        assertEquals(10, g.divergenceLr());
        assertEquals(List.of(), g.warnings());
    }

    @Test
    @DisplayName("the paragraph names the rate, the group, why, and where it stops being stable")
    void theParagraphNamesTheRateTheGroupWhyAndWhereItStopsBeingStable() {
        Recommendation r = new Recommendation(List.of(group("sgd", LADDER)), "final_val_loss", 0.01);
        assertEquals("Use α = 0.3 with optimizer sgd, schedule constant and batch size 32. Its loss falls smoothly in"
                + " every seed (1 seed), and its validation loss (final_val_loss, mean over seeds) 0.369 is within 1%"
                + " of the best in its group (0.368 at α = 0.1); it is the largest such rate. Rates up to α = 1 still"
                + " fall smoothly but end with a worse validation loss (0.4 at α = 1). From α = 3 the loss oscillates; it"
                + " diverges from α = 10.", r.paragraph());
        assertEquals(List.of(List.of("sgd", "constant", "32", "0.3", "1", "3", "oscillating at 3; diverges from 10")),
                r.table());
    }

    @Test
    @DisplayName("the answer is the group whose recommended rate has the lowest loss")
    void theAnswerIsTheGroupWhoseRecommendedRateHasTheLowestLoss() {
        GroupSummary sgd = group("sgd", LADDER);
        GroupSummary adam = group("adam", List.of(rate(0.001, Status.OK, 0.366), rate(0.01, Status.OK, 0.365),
                rate(0.1, Status.DIVERGED, Double.NaN)));
        Recommendation r = new Recommendation(List.of(sgd, adam), "final_val_loss", 0.01);
        assertEquals("adam", r.chosen().optimizer());
        assertTrue(r.paragraph().startsWith("Use α = 0.01 with optimizer adam, schedule constant and batch size 32. It"
                + " is the largest rate whose loss falls smoothly in every seed (1 seed), and its validation loss"
                + " (final_val_loss, mean over seeds) 0.365 is the best in its group. From α = 0.1 the loss"
                + " diverges."), r.paragraph());
        assertEquals(2, r.table().size());
    }

    @Test
    @DisplayName("a stable top of the ladder and a failing bottom are range warnings, in the summary and the paragraph")
    void aStableTopOfTheLadderAndAFailingBottomAreRangeWarnings() {
        GroupSummary top = group("sgd", List.of(rate(0.1, Status.OK, 0.5), rate(0.3, Status.OK, 0.4)));
        assertEquals(List.of("the largest stable rate 0.3 is the top of the ladder: extend it upward"), top.warnings());
        assertTrue(new Recommendation(List.of(top), "final_val_loss", 0.01).paragraph()
                .endsWith("Note: the largest stable rate 0.3 is the top of the ladder: extend it upward."));
        GroupSummary bottom = group("sgd", List.of(rate(0.1, Status.OSCILLATING, 0.5),
                rate(0.3, Status.DIVERGED, Double.NaN)));
        assertTrue(bottom.warnings().contains("the smallest rate 0.1 already fails (oscillating): extend the ladder"
                + " downward"), bottom.warnings().toString());
        assertTrue(bottom.warnings().contains("no rate is stable in every seed"));
        assertTrue(Double.isNaN(bottom.recommendedLr()));
        assertTrue(new Recommendation(List.of(bottom), "final_val_loss", 0.01).paragraph()
                .startsWith("No learning rate can be recommended"));
        GroupSummary shortRun = group("sgd", List.of(rate(0.1, Status.OK, 0.5), rate(0.3, Status.OK, 0.4),
                rate(1, Status.DIVERGED, Double.NaN)), true);
        assertTrue(shortRun.warnings().contains("every rate's loss is still falling at the end: the run is too short"
                + " to show where it settles; train longer"), shortRun.warnings().toString());
    }

    @Test
    @DisplayName("seeds that disagree are counted per rate and named, and a rate is stable only in every seed")
    void seedsThatDisagreeAreCountedPerRateAndNamed() {
        GroupSummary g = group("sgd", List.of(
                new Rate(0.1, new Status[] {Status.OK, Status.OK, Status.OK}, new double[] {0.40, 0.41, 0.42}),
                new Rate(0.3, new Status[] {Status.OK, Status.OSCILLATING, Status.OK}, new double[] {0.39, 0.5, 0.4}),
                new Rate(1, new Status[] {Status.DIVERGED, Status.DIVERGED, Status.RISING},
                        new double[] {Double.NaN, Double.NaN, 0.9})));
        assertEquals(3, g.seeds());
        assertEquals(0.1, g.largestStableLr());
        assertEquals(0.3, g.firstUnstableLr());
        assertEquals("oscillating", g.firstUnstableStatus());
        assertEquals(2, g.rates().get(1).stableTrials());
        assertEquals(0.43, g.rates().get(1).meanLoss(), 1e-12);
        assertEquals(List.of("seeds disagree at 0.3: 2 of 3 stable"), g.warnings());
        assertEquals(0.9, g.rates().get(2).meanLoss(), "the mean loss leaves out diverged seeds");
        assertEquals(0.1, g.bestLr(), "rates where a seed diverged are not the best");
        assertNull(group("sgd", List.of(rate(0.1, Status.OK, 0.4))).firstUnstableStatus());
    }
}
