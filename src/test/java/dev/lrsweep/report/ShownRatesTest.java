package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShownRatesTest {
    static List<TrialRow> ladder(int rates) {
        List<TrialRow> trials = new ArrayList<>();
        for (int k = 0; k < rates; k++) {
            double lr = Math.pow(10, -4 + 5.0 * k / rates);
            trials.add(new TrialRow("t" + k, lr, "sgd", "constant", 32, 0, "g", "ok", List.of(), true, k + 1, 10, 1,
                    -1, 1, 1, 1, 1, 1, "ok"));
        }
        return trials;
    }

    @Test
    @DisplayName("a ladder of a dozen rates or fewer is drawn whole")
    void aShortLadderIsDrawnWhole() {
        List<TrialRow> trials = ladder(10);
        GroupRow g = new GroupRow("g", "sgd", "constant", 32, 10, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                null, "t0", List.of());
        assertArrayEquals(trials.stream().mapToDouble(TrialRow::learningRate).toArray(), ShownRates.of(g, trials));
    }

    @Test
    @DisplayName("a fine ladder is drawn at a dozen rates spread along it, with the marked rates and the best trial's")
    void aFineLadderIsThinnedKeepingTheMarkedRates() {
        List<TrialRow> trials = ladder(250);
        double stable = trials.get(101).learningRate();
        double diverges = trials.get(150).learningRate();
        GroupRow g = new GroupRow("g", "sgd", "constant", 32, 250, stable, diverges, Double.NaN, Double.NaN, null,
                "t77", List.of());
        double[] shown = ShownRates.of(g, trials);
        assertTrue(shown.length >= ShownRates.MOST && shown.length <= ShownRates.MOST + 3, Arrays.toString(shown));
        assertEquals(trials.get(0).learningRate(), shown[0]);
        assertEquals(trials.get(249).learningRate(), shown[shown.length - 1]);
        for (double marked : new double[] {stable, diverges, trials.get(77).learningRate()}) {
            assertTrue(Arrays.stream(shown).anyMatch(r -> r == marked), marked + " in " + Arrays.toString(shown));
        }
    }
}
