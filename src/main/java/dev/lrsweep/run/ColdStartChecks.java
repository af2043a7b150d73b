package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.diagnose.Diagnoser;
import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.rangetest.ColdStartCheck;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.BlockTrainer;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import dev.lrsweep.sweep.RangeTestPlan;
import dev.lrsweep.sweep.TrialPlanner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The range test's suggestions checked from a cold start ({@link ColdStartCheck}) on Spark, in rounds: each round
 * one job whose tasks train, a batch size at a time, the groups' next checks as one block of trials (they share the
 * first grid seed's batches) on the broadcast rows, and judge them on the executors; the driver collects a status per
 * check. A check costs what a trial of the sweep costs; the checks stop where the budget would be passed.
 */
final class ColdStartChecks {
    private ColdStartChecks() {
    }

    /** The groups with their checks, and the sample-gradients the checks made. */
    record Checked(List<RangeTestJob.Group> groups, double gradients) {
    }

    /** One check: the group, a run of the group (its optimizer and batch size), the rate. */
    @DefaultSerializer(JavaSerializer.class)
    record Probe(int group, int run, double lr) implements Serializable {
    }

    /** A check's verdict. */
    @DefaultSerializer(JavaSerializer.class)
    record Verdict(int group, ColdStartCheck.Check check) implements Serializable {
    }

    static Checked run(JavaSparkContext jsc, Broadcast<RangeTestJob.Payload> payload, List<RangeTestJob.Group> groups,
                       double budget, String label) {
        RangeTestJob.Payload p = payload.value();
        Map<Integer, List<ColdStartCheck.Check>> checks = new HashMap<>();
        Set<Integer> unfinished = new HashSet<>();
        double spent = 0;
        for (int round = 1; ; round++) {
            Map<Integer, List<Probe>> byBatch = new LinkedHashMap<>();
            for (RangeTestJob.Group g : groups) {
                List<ColdStartCheck.Check> made = checks.computeIfAbsent(g.index(), k -> new ArrayList<>());
                double lr = ColdStartCheck.next(g.finding().suggestedLr(), g.finding().fallStartLr(), made);
                if (Double.isNaN(lr) || unfinished.contains(g.index())) {
                    continue;
                }
                double cost = cost(p, g.batchSize());
                if (spent + cost > budget) {
                    unfinished.add(g.index());
                    continue;
                }
                spent += cost;
                byBatch.computeIfAbsent(g.batchSize(), k -> new ArrayList<>()).add(new Probe(g.index(), run(p, g), lr));
            }
            if (byBatch.isEmpty()) {
                break;
            }
            List<List<Probe>> blocks = new ArrayList<>(byBatch.values());
            jsc.setJobDescription("lrsweep " + label + ": range test, cold-start checks, round " + round);
            try {
                for (Verdict v : jsc.parallelize(blocks, blocks.size()).flatMap(b -> judge(payload.value(), b)
                        .iterator()).collect()) {
                    checks.get(v.group()).add(v.check());
                }
            } finally {
                jsc.setJobDescription(null);
            }
        }
        List<RangeTestJob.Group> out = new ArrayList<>();
        for (RangeTestJob.Group g : groups) {
            out.add(g.checked(ColdStartCheck.of(g.finding().suggestedLr(), checks.get(g.index()),
                    unfinished.contains(g.index()))));
        }
        return new Checked(List.copyOf(out), spent);
    }

    /** The sample-gradients of one check: a trial of the sweep at that batch size. */
    static double cost(RangeTestJob.Payload p, int batchSize) {
        return RangeTestPlan.checkGradients(p.config(), batchSize, p.planner().trainingRows());
    }

    /** A range-test run of the group, for its optimizer. */
    private static int run(RangeTestJob.Payload p, RangeTestJob.Group g) {
        List<RangeTestPlan.Run> runs = p.plan().runs();
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).batchSize() == g.batchSize() && runs.get(i).optimizerReadable().equals(g.optimizer())) {
                return i;
            }
        }
        throw new IllegalStateException("no range-test run of " + g.optimizer() + " | " + g.batchSize());
    }

    /** Trains one batch size's checks as a block and judges each alone. */
    static List<Verdict> judge(RangeTestJob.Payload p, List<Probe> block) {
        long seed = p.config().grid().seeds().get(0);
        long rows = p.planner().trainingRows();
        List<TrialPlan> plans = new ArrayList<>();
        int batchSize = 0;
        for (Probe probe : block) {
            RangeTestPlan.Run run = p.plan().runs().get(probe.run());
            batchSize = run.batchSize();
            long total = TrialPlanner.totalSteps(p.config(), batchSize, rows);
            plans.add(p.planner().plan(run.optimizer(), Schedules.create(Spec.of("constant"), probe.lr(), total)
                    .schedule(), batchSize, total, seed, p.config().trainingSettings()));
        }
        List<TrialResult> results = BlockTrainer.train(plans, p.train(), p.validation(), p.evalOrder());
        Diagnoser diagnoser = new Diagnoser(p.config().diagnose().thresholds());
        List<Verdict> out = new ArrayList<>();
        for (int k = 0; k < block.size(); k++) {
            TrialResult r = results.get(k);
            Evidence e = Evidence.of(r.curve(), r.state().divergedAt(), r.state().divergenceCause(), batchSize >= rows);
            out.add(new Verdict(block.get(k).group(), new ColdStartCheck.Check(block.get(k).lr(),
                    diagnoser.judgeAlone(e).status())));
        }
        return out;
    }
}
