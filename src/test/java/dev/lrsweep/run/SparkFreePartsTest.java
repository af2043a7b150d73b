package dev.lrsweep.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.io.Subsets;
import dev.lrsweep.results.QueryOutput;
import dev.lrsweep.sweep.Grid;
import dev.lrsweep.sweep.SweepConfig;
import dev.lrsweep.sweep.SweepFile;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** The parts of the Spark layer that need no running Spark: slicing, subsets, serialisation, formatting. */
class SparkFreePartsTest {
    static final SweepConfig CONFIG = SweepFile.parse("""
            data: {path: unused}
            model: {type: linear}
            grid:
              learning_rates: [0.01, 0.1, 1]
              batch_sizes: [4, full]
              optimizers: [sgd, adam]
            train: {steps: 20}
            """, "unit");

    @Test
    @DisplayName("trials that share mini-batches form blocks, dealt round-robin from the most expensive, each trial once")
    void trialsThatShareMiniBatchesFormBlocksDealtRoundRobin() {
        List<TrialSpec> trials = Grid.expand(CONFIG);
        TrialPlanner planner = new TrialPlanner(CONFIG, 3, 0, 40);
        List<int[]> blocks = Slicing.blocks(trials, planner, 6);
        assertArrayEquals(new int[] {0, 1, 2, 6, 7, 8}, blocks.get(0), "a batch size's trials share mini-batches"
                + " across optimizers and rates");
        assertEquals(2, blocks.size());
        assertEquals(List.of(3, 3, 3, 3), Slicing.blocks(trials, planner, 4).stream().map(b -> b.length).toList(),
                "groups of 6 split evenly");
        assertEquals(List.of(2, 2, 2, 2, 2, 2), Slicing.blocks(trials, planner, 2).stream().map(b -> b.length).toList());
        double[] costs = IntStream.range(0, trials.size()).mapToDouble(i -> i).toArray();
        List<int[][]> slices = Slicing.deal(Slicing.blocks(trials, planner, 2), costs, 3);
        assertEquals(3, slices.size());
        int[] all = slices.stream().flatMap(Arrays::stream).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, trials.size()).toArray(), all);
        assertEquals(11, slices.get(0)[0][slices.get(0)[0].length - 1], "the most expensive block comes first");
        assertEquals(1, Slicing.sliceCount(1, 8));
        assertEquals(12, Slicing.sliceCount(12, 8));
        assertEquals(32, Slicing.sliceCount(1000, 8));
        assertEquals(32, Slicing.blockCap(64, 2), "one block per core when the trials allow");
        assertEquals(Slicing.MIN_BLOCK, Slicing.blockCap(64, 100), "never narrower than a vector");
        assertEquals(Slicing.MAX_BLOCK, Slicing.blockCap(100_000, 32));
        TrialSpec small = trials.stream().filter(t -> t.batchSize() == 4).findFirst().orElseThrow();
        TrialSpec full = trials.stream().filter(t -> t.batchSize() == SweepConfig.Grid.FULL_BATCH).findFirst().orElseThrow();
        // 20 updates of the batch, and 21 evaluations (the start and all 20 updates: fewer than the 30 points the
        // default asks for) of the 40 rows.
        assertEquals(20.0 * 40 + 21 * 40, Slicing.cost(planner, full, CONFIG.train(), 40, 0));
        assertEquals(20.0 * 4 + 21 * 40, Slicing.cost(planner, small, CONFIG.train(), 40, 0));
    }

    @Test
    @DisplayName("a split holds out exactly the asked number of rows, seeded, sorted and disjoint")
    void aSplitHoldsOutExactlyTheAskedNumberOfRows() {
        int[][] split = Subsets.split(101, 20, 9);
        assertEquals(81, split[0].length);
        assertEquals(20, split[1].length);
        int[] both = IntStream.concat(Arrays.stream(split[0]), Arrays.stream(split[1])).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 101).toArray(), both);
        assertArrayEquals(split[1], Subsets.split(101, 20, 9)[1]);
        assertTrue(!Arrays.equals(split[1], Subsets.split(101, 20, 10)[1]));
        int[] chosen = Subsets.choose(1000, 30, 5);
        assertEquals(30, Arrays.stream(chosen).distinct().count());
        assertArrayEquals(Arrays.stream(chosen).sorted().toArray(), chosen);
        assertEquals(null, Subsets.evalOrder(30, 30, 1));
    }

    @Test
    @DisplayName("the broadcast payload and trial outcomes survive Kryo, as a cluster set to Kryo would ship them")
    void thePayloadAndOutcomesSurviveKryo() {
        DataBlock block = DataBlock.of(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}, new double[] {1, 0, 1, 0});
        List<TrialSpec> trials = Grid.expand(CONFIG);
        SweepPayload payload = new SweepPayload(block, null, null, new TrialPlanner(CONFIG, 2, 0, 4), trials);
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        SweepPayload back = kryo.deserialize(kryo.serialize(payload, ClassTag$.MODULE$.apply(SweepPayload.class)),
                ClassTag$.MODULE$.apply(SweepPayload.class));
        assertEquals(trials, back.trials());
        assertArrayEquals(block.x(), back.train().x());
        TrialOutcome outcome = TrialRunner.train(back, new int[] {0}).get(0);
        TrialOutcome again = kryo.deserialize(kryo.serialize(outcome, ClassTag$.MODULE$.apply(TrialOutcome.class)),
                ClassTag$.MODULE$.apply(TrialOutcome.class));
        assertEquals(outcome.evidence(), again.evidence());
        assertEquals(outcome.curve().size(), again.curve().size());
        assertEquals(Spec.of("sgd").type(), again.trial().optimizer().type());
    }

    @Test
    @DisplayName("a trial gives the same bits trained alone or in a block, so a retried task reproduces it")
    void aTrialGivesTheSameBitsAloneOrInABlock() {
        DataBlock block = DataBlock.of(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}, new double[] {1, 0, 1, 0});
        SweepPayload payload = new SweepPayload(block, null, null, new TrialPlanner(CONFIG, 2, 0, 4),
                Grid.expand(CONFIG));
        List<int[]> blocks = Slicing.blocks(payload.trials(), payload.planner(), Slicing.MAX_BLOCK);
        assertEquals(1, blocks.size(), "with 4 rows, batch 4 is the full batch: all 12 trials share mini-batches");
        List<TrialOutcome> together = TrialRunner.train(payload, blocks.get(0));
        for (int t = 0; t < together.size(); t++) {
            TrialOutcome a = together.get(t);
            TrialOutcome b = TrialRunner.train(payload, new int[] {blocks.get(0)[t]}).get(0);
            assertEquals(a.trial(), b.trial());
            assertEquals(a.evidence(), b.evidence());
            for (int i = 0; i < a.curve().size(); i++) {
                assertEquals(Double.doubleToRawLongBits(a.curve().batchLoss(i)),
                        Double.doubleToRawLongBits(b.curve().batchLoss(i)));
            }
        }
    }

    @Test
    @DisplayName("CSV fields are quoted only when they must be, and clocks read m:ss or h:mm:ss")
    void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("plain", QueryOutput.csvField("plain"));
        assertEquals("\"a,b\"", QueryOutput.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", QueryOutput.csvField("say \"hi\""));
        assertEquals("\"two\r\nlines\"", QueryOutput.csvField("two\r\nlines"));
        assertEquals("0:41", Progress.clock(41.2));
        assertEquals("1:01:05", Progress.clock(3665));
    }
}
