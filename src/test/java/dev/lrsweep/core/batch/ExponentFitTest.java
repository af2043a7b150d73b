package dev.lrsweep.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExponentFitTest {
    static final List<Integer> BATCHES = List.of(16, 64, 256, 1024);

    static List<Double> rates(double k, double... wobble) {
        return java.util.stream.IntStream.range(0, BATCHES.size())
                .mapToObj(i -> 0.01 * Math.pow(BATCHES.get(i) / 16.0, k) * (wobble.length > i ? wobble[i] : 1))
                .toList();
    }

    @Test
    @DisplayName("rates exactly linear, square-root or flat in the batch size give k = 1, ½, 0 and that rule")
    void exactRatesGiveTheirExponentAndRule() {
        for (ScalingRule rule : ScalingRule.values()) {
            ExponentFit f = ExponentFit.of(BATCHES, rates(rule.exponent()));
            assertEquals(rule.exponent(), f.k(), 1e-12);
            assertEquals(rule, f.rule());
            assertEquals(4, f.points());
            assertEquals(f.low(), f.high(), 1e-6, "a perfect fit has no spread but rounding's");
        }
    }

    @Test
    @DisplayName("the exponent is the ordinary least-squares slope of log rate on log batch size")
    void theExponentIsTheLeastSquaresSlopeOfLogRateOnLogBatchSize() {
        List<Double> rates = rates(0.7, 1.3, 0.8, 1.1, 0.9);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < 4; i++) {
            mx += Math.log(BATCHES.get(i)) / 4;
            my += Math.log(rates.get(i)) / 4;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < 4; i++) {
            double dx = Math.log(BATCHES.get(i)) - mx;
            sxy += dx * (Math.log(rates.get(i)) - my);
            sxx += dx * dx;
        }
        ExponentFit f = ExponentFit.of(BATCHES, rates);
        assertEquals(sxy / sxx, f.k(), 1e-12);
        assertTrue(f.low() < f.k() && f.k() < f.high());
    }

    @Test
    @DisplayName("a rule is named only when it is the one exponent inside the interval")
    void aRuleIsNamedOnlyWhenItIsTheOneExponentInsideTheInterval() {
        assertEquals(ScalingRule.SQUARE_ROOT, ExponentFit.of(BATCHES, rates(0.5, 1.02, 0.99, 1.01, 0.98)).rule());
        ExponentFit between = ExponentFit.of(BATCHES, rates(0.75, 1.01, 0.99, 1.01, 0.99));
        assertNull(between.rule(), "k = 0.75 with a narrow interval is neither rule");
        assertEquals("unclear", between.ruleLabel());
        ExponentFit noisy = ExponentFit.of(BATCHES.subList(0, 3), List.of(0.01, 0.04, 0.03));
        assertTrue(noisy.high() - noisy.low() > 1);
        assertNull(noisy.rule(), "three scattered points cannot tell the rules apart");
    }

    @Test
    @DisplayName("missing rates are left out, and fewer than three points give a slope but no interval or rule")
    void missingRatesAreLeftOut() {
        ExponentFit f = ExponentFit.of(BATCHES, List.of(0.01, Double.NaN, 0.16, Double.NaN));
        assertEquals(2, f.points());
        assertEquals(1.0, f.k(), 1e-12);
        assertTrue(Double.isNaN(f.low()));
        assertNull(f.rule());
        assertTrue(Double.isNaN(ExponentFit.of(BATCHES, List.of(0.01, Double.NaN, Double.NaN, Double.NaN)).k()));
    }
}
