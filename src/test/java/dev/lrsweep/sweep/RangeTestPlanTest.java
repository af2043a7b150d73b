package dev.lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.rangetest.RangeTestBudget;
import dev.lrsweep.core.schedule.ExponentialRamp;
import dev.lrsweep.core.train.TrialPlan;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RangeTestPlanTest {
    static SweepConfig sweep(String ladder, String batches, String seeds, String more) {
        return SweepFile.parse("""
                data: {path: data/x}
                model: {type: softmax}
                train: {epochs: 10}
                grid:
                  learning_rates: %s
                  schedules: [constant, cosine]
                  batch_sizes: %s
                  optimizers: [sgd, momentum, adam]
                  seeds: %s
                %s""".formatted(ladder, batches, seeds, more), "t");
    }

    @Test
    @DisplayName("the range test runs every optimizer × batch size × seed, one seed at full batch from zero weights")
    void theRangeTestRunsEveryOptimizerBatchSizeAndSeed() {
        SweepConfig c = sweep("auto", "[32, 128, full]", "[0, 1]", "");
        TrialPlanner planner = new TrialPlanner(c, 64, 10, 1438);
        RangeTestPlan plan = RangeTestPlan.of(c, planner, RangeTestPlan.sweepGradients(c, planner));
        assertEquals(3 * 3 + 3 * 3 + 3, plan.runs().size());
        assertEquals(List.of(0L, 1L, 2L), RangeTestPlan.seeds(c, 3), "the grid's seeds, then the next ones");
        assertEquals(3 + 3 + 1, plan.blocks().size(), "a block per batch size and seed, holding every optimizer");
        for (int[] block : plan.blocks()) {
            RangeTestPlan.Run first = plan.runs().get(block[0]);
            for (int i : block) {
                assertEquals(first.batchSize(), plan.runs().get(i).batchSize());
                assertEquals(first.seed(), plan.runs().get(i).seed());
            }
        }
        assertEquals(1438, plan.runs().get(plan.runs().size() - 1).batchSize());
    }

    @Test
    @DisplayName("the planned runs cost at most 10 % of the sweep's sample-gradients, the small batches keeping the most updates")
    void thePlannedRunsCostAtMostTenPercentOfTheSweep() {
        SweepConfig c = sweep("auto", "[32, 128, full]", "[0, 1]", "");
        TrialPlanner planner = new TrialPlanner(c, 64, 10, 1438);
        double sweep = RangeTestPlan.sweepGradients(c, planner);
        // an automatic ladder has at least ⌊2 × 3⌋ + 1 = 7 rates: 7 rates × 2 schedules × 3 batch sizes × 3 optimizers
        // × 2 seeds × 10 epochs × 1438 rows
        assertEquals(7.0 * 2 * 3 * 3 * 2 * 10 * 1438, sweep);
        RangeTestPlan plan = RangeTestPlan.of(c, planner, sweep);
        assertTrue(plan.plannedPercent() <= RangeTestBudget.SHARE_PERCENT, plan.plannedPercent() + " %");
        int small = plan.stepsByBatchSize().get(32);
        int full = plan.stepsByBatchSize().get(1438);
        assertTrue(small > plan.stepsByBatchSize().get(128) && plan.stepsByBatchSize().get(128) > full && full >= 50,
                plan.stepsByBatchSize().toString());
        double planned = 0;
        for (RangeTestPlan.Run r : plan.runs()) {
            planned += TrialPlanner.sampleGradients(r.steps(), r.batchSize(), 1438);
        }
        assertEquals(planned, plan.planned());
    }

    @Test
    @DisplayName("a run is the sweep's trial with the ramp, the stop, every update recorded and a half-decade memory")
    void aRunIsTheSweepsTrialWithTheRampAndTheStop() {
        SweepConfig c = sweep("[0.1]", "[32]", "[3]", "range_test: {from: 1e-6, to: 10, steps: 141, seeds: 1}");
        TrialPlanner planner = new TrialPlanner(c, 64, 10, 1438);
        RangeTestPlan plan = RangeTestPlan.of(c, planner, 1e12);
        TrialPlan p = plan.plan(0, c, planner);
        assertEquals(new ExponentialRamp(1e-6, 10, 141), p.schedule());
        assertEquals(141, p.totalSteps());
        assertEquals(4.0, p.settings().smoothedStop());
        assertEquals(1, p.settings().logEvery());
        assertEquals(1 - 2.0 / 20, p.settings().lossEmaBeta(), 1e-12, "20 updates per decade: β = 0.9");
        TrialPlan trial = planner.plan(Grid.expand(c).get(0));
        assertEquals(trial.seed(), p.seed(), "the grid seed's batches");
        assertTrue(java.util.Arrays.equals(trial.initialParams(), p.initialParams()), "and initial weights");
    }
}
