package dev.lrsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.model.Models;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The batch order of a sharded epoch, and training that visits the shards one after another. */
class ShardedEpochsTest {

    /** Splits the rows into shards of nearly equal size, in order. */
    static DataBlock[] shards(DataBlock all, int n) {
        DataBlock[] out = new DataBlock[n];
        for (int s = 0; s < n; s++) {
            int from = (int) ((long) s * all.rows() / n);
            int to = (int) ((long) (s + 1) * all.rows() / n);
            int[] rows = new int[to - from];
            Arrays.setAll(rows, i -> from + i);
            out[s] = all.select(rows);
        }
        return out;
    }

    static long[] sizes(DataBlock[] shards) {
        return Arrays.stream(shards).mapToLong(DataBlock::rows).toArray();
    }

    /** Trains the block by visiting the shards, each visit a fresh kernel call with the carried rows handed on. */
    static List<TrainingState> visiting(List<TrialPlan> plans, DataBlock[] shards, DataBlock evaluation,
                                        List<Curve> curves) {
        TrialPlan lead = plans.get(0);
        ShardedEpochs epochs = new ShardedEpochs(sizes(shards), lead.seed(), lead.settings().shuffle(),
                lead.batchSize());
        int n = plans.size();
        TrainingKernel[] kernels = new TrainingKernel[n];
        TrainingState[] states = new TrainingState[n];
        for (int i = 0; i < n; i++) {
            kernels[i] = new TrainingKernel(plans.get(i), epochs.rows(), evaluation, null, null);
            curves.add(new Curve());
            states[i] = kernels[i].start(curves.get(i));
        }
        ShardVisit.Carry carry = ShardVisit.Carry.NONE;
        for (long q = 0; states[0].step() < lead.totalSteps(); q++) {
            ShardedEpochs.Visit v = epochs.visit(q);
            ShardVisit visit = new ShardVisit(epochs, v, shards[v.shard()], carry);
            Curve[] segment = new Curve[n];
            Arrays.setAll(segment, i -> new Curve());
            BlockTrainer.run(kernels, states, segment, visit, Math.min(v.endUpdate(), lead.totalSteps()));
            for (int i = 0; i < n; i++) {
                curves.get(i).append(segment[i]);
            }
            carry = visit.carryOver();
        }
        return Arrays.asList(states);
    }

    @Test
    @DisplayName("with one shard, visiting trains exactly as the replicated layout does, curve and parameters")
    void oneShardTrainsAsTheReplicatedLayout() {
        Model model = Models.create("logistic", BlockTrainerTest.FEATURES, 0);
        DataBlock data = BlockTrainerTest.data("logistic", 3);
        List<TrialPlan> plans = BlockTrainerTest.plans(model, 70, 16);
        List<TrialResult> replicated = BlockTrainer.train(plans, data, null, null);
        List<Curve> curves = new ArrayList<>();
        List<TrainingState> sharded = visiting(plans, new DataBlock[] {data}, data, curves);
        for (int i = 0; i < plans.size(); i++) {
            assertArrayEquals(replicated.get(i).state().params(), sharded.get(i).params(), "trial " + i);
            assertEquals(replicated.get(i).curve().size(), curves.get(i).size());
            for (int p = 0; p < curves.get(i).size(); p++) {
                assertEquals(replicated.get(i).curve().batchLoss(p), curves.get(i).batchLoss(p));
                assertEquals(replicated.get(i).curve().trainLoss(p), curves.get(i).trainLoss(p));
            }
        }
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3, 7})
    @DisplayName("visiting the shards with the carried rows trains as one pass over the epoch's sequence does")
    void visitingEqualsOnePassOverTheSequence(int n) {
        Model model = Models.create("linear", BlockTrainerTest.FEATURES, 0);
        DataBlock data = BlockTrainerTest.data("linear", 5);
        DataBlock[] parts = shards(data, n);
        List<TrialPlan> plans = BlockTrainerTest.plans(model, 100, 13);
        ShardedEpochs epochs = new ShardedEpochs(sizes(parts), plans.get(0).seed(), true, 13);
        // the sequences of the epochs, as one block each, trained with the replicated kernel in order
        Batches sequence = new Batches() {
            private long epoch = -1;
            private DataBlock rows;

            @Override
            public void locate(long k, Cursor cursor) {
                long e = k / epochs.stepsPerEpoch();
                if (e != epoch) {
                    List<Integer> at = new ArrayList<>();
                    int[] offsets = new int[n + 1];
                    for (int s = 1; s <= n; s++) {
                        offsets[s] = offsets[s - 1] + parts[s - 1].rows();
                    }
                    for (int s : epochs.shardOrder(e)) {
                        for (int r : epochs.rowOrder(e, s)) {
                            at.add(offsets[s] + r);
                        }
                    }
                    rows = data.select(at.stream().mapToInt(Integer::intValue).toArray());
                    epoch = e;
                }
                long from = (k % epochs.stepsPerEpoch()) * 13;
                cursor.set(rows, null, (int) from, (int) Math.min(rows.rows(), from + 13));
            }
        };
        TrainingKernel[] kernels = new TrainingKernel[plans.size()];
        TrainingState[] states = new TrainingState[plans.size()];
        Curve[] curves = new Curve[plans.size()];
        for (int i = 0; i < kernels.length; i++) {
            kernels[i] = new TrainingKernel(plans.get(i), data.rows(), data, null, null);
            curves[i] = new Curve();
            states[i] = kernels[i].start(curves[i]);
        }
        BlockTrainer.run(kernels, states, curves, sequence, 100);
        List<Curve> visitedCurves = new ArrayList<>();
        List<TrainingState> visited = visiting(plans, parts, data, visitedCurves);
        for (int i = 0; i < plans.size(); i++) {
            assertArrayEquals(states[i].params(), visited.get(i).params(), "trial " + i);
            assertEquals(curves[i].size(), visitedCurves.get(i).size());
            for (int p = 0; p < curves[i].size(); p++) {
                assertEquals(curves[i].batchLoss(p), visitedCurves.get(i).batchLoss(p));
            }
        }
    }

    @Test
    @DisplayName("an epoch visits every shard once and every row once, and the visits cover its updates in order")
    void anEpochVisitsEveryShardAndRowOnce() {
        ShardedEpochs epochs = new ShardedEpochs(new long[] {40, 41, 40, 41}, 7, true, 10);
        assertEquals(17, epochs.stepsPerEpoch(), "⌈162 / 10⌉");
        long next = 0;
        for (long q = 0; q < 8; q++) {
            ShardedEpochs.Visit v = epochs.visit(q);
            assertEquals(next, v.firstUpdate());
            for (long k = v.firstUpdate(); k < v.endUpdate(); k++) {
                assertEquals(q, epochs.visitOf(k));
            }
            next = v.endUpdate();
        }
        assertEquals(34, next, "two epochs");
        int[] order = epochs.shardOrder(1).clone();
        Arrays.sort(order);
        assertArrayEquals(new int[] {0, 1, 2, 3}, order);
        int[] rows = epochs.rowOrder(1, 1).clone();
        Arrays.sort(rows);
        assertEquals(40, rows[40]);
    }
}
