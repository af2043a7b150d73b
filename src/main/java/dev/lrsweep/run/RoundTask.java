package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.train.BlockTrainer;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.core.train.ShardVisit;
import dev.lrsweep.core.train.ShardedEpochs;
import dev.lrsweep.core.train.TrainingKernel;
import dev.lrsweep.core.train.TrainingState;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.io.Shard;
import dev.lrsweep.sweep.TrialSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The task body of a round: one block of trials visits one shard. It trains the updates whose batches end in
 * that shard's stretch of the epoch ({@link ShardVisit}), through the same kernel as the replicated layout, and
 * emits the block's new progress and the curve segments of the steps it ran. The result depends only on the
 * progress it was given and the shard's rows, so a retried task repeats it bit for bit.
 */
final class RoundTask implements FlatMapFunction2<Iterator<Shard>, Iterator<BlockProgress>, RoundTask.Visited> {
    private static final long serialVersionUID = 1L;

    /** A block after its visit, with the curve segment of each of its trials. */
    @DefaultSerializer(JavaSerializer.class)
    record Visited(BlockProgress after, Curve[] segments) implements Serializable {
        /** Each trial's segment keyed by its trial id, for the segments of a trial to meet. */
        Iterator<Tuple2<String, Piece>> pieces(List<TrialSpec> trials) {
            List<Tuple2<String, Piece>> out = new ArrayList<>(segments.length);
            for (int i = 0; i < segments.length; i++) {
                out.add(new Tuple2<>(trials.get(after.trials()[i]).trialId(), new Piece(after.visit() - 1,
                        segments[i])));
            }
            return out.iterator();
        }
    }

    /** One trial's curve segment from the visit with this number. */
    @DefaultSerializer(JavaSerializer.class)
    record Piece(long visit, Curve segment) implements Serializable {
    }

    private final Broadcast<ShardedPayload> payload;

    RoundTask(Broadcast<ShardedPayload> payload) {
        this.payload = payload;
    }

    @Override
    public Iterator<Visited> call(Iterator<Shard> shards, Iterator<BlockProgress> blocks) {
        Shard shard = shards.next();
        BlockProgress b = blocks.next();
        return List.of(visit(payload.value(), shard, b)).iterator();
    }

    static Visited visit(ShardedPayload p, Shard shard, BlockProgress b) {
        long started = System.nanoTime();
        int n = b.trials().length;
        TrainingKernel[] kernels = new TrainingKernel[n];
        TrainingState[] states = new TrainingState[n];
        Curve[] segments = new Curve[n];
        TrialPlan lead = null;
        for (int i = 0; i < n; i++) {
            TrialPlan plan = p.planner().plan(p.trials().get(b.trials()[i]));
            lead = lead == null ? plan : lead;
            kernels[i] = new TrainingKernel(plan, p.trainingRows(), p.evaluation(), null, p.validation());
            segments[i] = new Curve();
            states[i] = b.states() == null ? kernels[i].start(segments[i]) : b.states()[i].copy();
        }
        ShardedEpochs epochs = p.epochs(lead);
        ShardedEpochs.Visit v = epochs.visit(b.visit());
        if (v.shard() != shard.index()) {
            throw new IllegalStateException("block " + b.id() + " was sent to shard " + shard.index() + " for visit "
                    + v);
        }
        ShardVisit visit = new ShardVisit(epochs, v, shard.rows(), b.carry());
        long end = Math.min(v.endUpdate(), lead.totalSteps());
        BlockTrainer.run(kernels, states, segments, visit, end);
        boolean done = end == lead.totalSteps();
        boolean alive = false;
        for (TrainingState s : states) {
            alive |= !s.diverged();
        }
        done |= !alive;
        ShardVisit.Carry carry = done ? ShardVisit.Carry.NONE : visit.carryOver();
        double seconds = b.seconds() + (System.nanoTime() - started) / 1e9;
        return new Visited(new BlockProgress(b.id(), b.trials(), states, b.visit() + 1, carry, seconds, done),
                segments);
    }
}
