package dev.lrsweep.run;

import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.train.BlockTrainer;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

/**
 * The task body: trains the blocks of one slice, one after another, on the broadcast data, and emits one outcome
 * per trial. A trial's result depends only on the payload and its spec (block training is bit-identical to
 * training alone), so a retried or recomputed task reproduces it bit for bit. The accumulators feed the
 * progress line only (a retried task counts again; the reader clamps).
 */
final class TrialRunner implements FlatMapFunction<Iterator<int[][]>, TrialOutcome> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SweepPayload> payload;
    private final LongAccumulator done;
    private final LongAccumulator diverged;

    TrialRunner(Broadcast<SweepPayload> payload, LongAccumulator done, LongAccumulator diverged) {
        this.payload = payload;
        this.done = done;
        this.diverged = diverged;
    }

    /** Trains one block of trials that share their mini-batches (or one trial). */
    static List<TrialOutcome> train(SweepPayload p, int[] block) {
        List<TrialPlan> plans = new ArrayList<>(block.length);
        for (int i : block) {
            plans.add(p.planner().plan(p.trials().get(i)));
        }
        List<TrialResult> results = plans.size() == 1
                ? List.of(Trainer.train(plans.get(0), p.train(), p.validation(), p.evalOrder()))
                : BlockTrainer.train(plans, p.train(), p.validation(), p.evalOrder());
        List<TrialOutcome> outcomes = new ArrayList<>(block.length);
        for (int k = 0; k < block.length; k++) {
            TrialPlan plan = plans.get(k);
            TrialResult result = results.get(k);
            Evidence evidence = Evidence.of(result.curve(), result.state().divergedAt(),
                    result.state().divergenceCause(), plan.batchSize() >= p.train().rows());
            outcomes.add(new TrialOutcome(p.trials().get(block[k]), result.curve(), evidence, plan.batchSize(),
                    plan.totalSteps(), TrialPlan.stepsPerEpoch(p.train().rows(), plan.batchSize()), result.seconds(),
                    result.state()));
        }
        return outcomes;
    }

    @Override
    public Iterator<TrialOutcome> call(Iterator<int[][]> slices) {
        SweepPayload p = payload.value();
        TaskContext task = TaskContext.get();
        ArrayDeque<int[]> blocks = new ArrayDeque<>();
        ArrayDeque<TrialOutcome> ready = new ArrayDeque<>();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (ready.isEmpty()) {
                    if (blocks.isEmpty() && slices.hasNext()) {
                        blocks.addAll(List.of(slices.next()));
                    }
                    if (blocks.isEmpty()) {
                        return false;
                    }
                    if (task != null) {
                        task.killTaskIfInterrupted(); // a cancelled job stops at the next block
                    }
                    for (TrialOutcome o : train(p, blocks.poll())) {
                        ready.add(o);
                        done.add(1);
                        if (o.evidence().diverged()) {
                            diverged.add(1);
                        }
                    }
                }
                return true;
            }

            @Override
            public TrialOutcome next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }
}
