package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.core.train.ShardedEpochs;
import dev.lrsweep.core.train.TrainingState;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.io.Shard;
import dev.lrsweep.io.ShardedRows;
import dev.lrsweep.sweep.TrialSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * Trains one wave in the sharded layout and commits it as {@link WaveTrainer} does ({@code curves/} and
 * {@code evidence/} renamed into {@code waves/}). The wave's blocks travel to the shards in rounds, each round one
 * Spark job of one stage: a task per visiting block reads its shard's cached rows ({@link ShardPicker}), trains
 * there ({@link RoundTask}) and hands back the block's progress, which the driver gathers (states only, a few
 * kilobytes a trial) to plan the next round ({@link RoundPlan}); the visits, with their curve segments, stay cached
 * on the executors. The states are committed to the work directory ({@link RoundCheckpoints}) with the segments of
 * the rounds since the last commit, at most every {@link #DEFAULT_COMMIT_SECONDS} seconds by default. At the
 * wave's end the curves are written and each trial's evidence is taken from its segments: straight from the cache
 * when no round was committed before, else read back from the written segments.
 */
final class ShardedWaveTrainer {
    /** How long a wave trains, at least, between two commits of its states (a wave's end always commits it). */
    static final double DEFAULT_COMMIT_SECONDS = 30;

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final WorkDirectory work;
    private final String sweepName;
    private final ShardedRows shards;
    private final Broadcast<ShardedPayload> payload;
    private final LongAccumulator done;
    private final LongAccumulator diverged;
    private final PrintWriter out;
    private final double commitSeconds;
    private long rounds;

    ShardedWaveTrainer(SparkSession spark, WorkDirectory work, String sweepName, ShardedRows shards,
                       Broadcast<ShardedPayload> payload, LongAccumulator done, LongAccumulator diverged,
                       PrintWriter out, double commitSeconds) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.work = work;
        this.sweepName = sweepName;
        this.shards = shards;
        this.payload = payload;
        this.done = done;
        this.diverged = diverged;
        this.out = out;
        this.commitSeconds = commitSeconds;
    }

    /** The rounds trained so far. */
    long rounds() {
        return rounds;
    }

    /**
     * Trains the wave and commits it. The blocks' states are committed after a round when at least
     * {@code commitSeconds} have passed since the wave's last commit (0: after every round), together with the curve
     * segments of the rounds since; the wave's end commits the whole wave.
     *
     * @param from the wave's last committed states when a resumed run continues it, else null
     */
    void train(WavePlan.Wave wave, int waves, RoundCheckpoints.Checkpoint from) {
        String label = "wave " + wave.number() + "/" + waves;
        ShardedPayload p = payload.value();
        RoundCheckpoints checkpoints = new RoundCheckpoints(work);
        Path written = checkpoints.wave(wave.number());
        List<BlockProgress> blocks = new ArrayList<>();
        int round = 0;
        if (from != null) {
            blocks.addAll(from.blocks());
            round = from.round();
            for (BlockProgress b : blocks) {
                count(b);
            }
        } else {
            for (int[][] slice : wave.tasks()) {
                for (int[] block : slice) {
                    blocks.add(BlockProgress.start(blocks.size(), block));
                }
            }
            checkpoints.save(new RoundCheckpoints.Checkpoint(wave.number(), 0, wave.trials(), blocks));
        }
        // The rounds whose curve segments are only cached on the executors, not yet written; whether any are.
        List<JavaRDD<RoundTask.Visited>> pending = new ArrayList<>();
        boolean segmentsWritten = round > 0;
        long lastCommit = System.nanoTime();
        try {
            List<ShardedEpochs> epochs = new ArrayList<>();
            List<TrialPlan> leads = new ArrayList<>();
            for (BlockProgress b : blocks) {
                TrialPlan lead = p.planner().plan(p.trials().get(b.trials()[0]));
                leads.add(lead);
                epochs.add(p.epochs(lead));
            }
            while (true) {
                List<RoundPlan.Next> chosen = next(blocks, epochs, leads);
                if (chosen.isEmpty()) {
                    break;
                }
                round++;
                jsc.setJobDescription("lrsweep " + sweepName + ": " + label + " round " + round + ", "
                        + chosen.size() + (chosen.size() == 1 ? " block" : " blocks") + " at the shards");
                JavaRDD<RoundTask.Visited> visited = round(blocks, chosen);
                pending.add(visited);
                for (BlockProgress after : visited.map(RoundTask.Visited::after).collect()) {
                    blocks.set(after.id(), after);
                    count(after);
                }
                this.rounds++;
                boolean commit = !next(blocks, epochs, leads).isEmpty()
                        && System.nanoTime() - lastCommit >= commitSeconds * 1e9;
                if (commit) {
                    jsc.setJobDescription("lrsweep " + sweepName + ": " + label + " round " + round
                            + ", commit the states");
                    writeSegments(pending, checkpoints.round(wave.number(), round).toString());
                    checkpoints.save(new RoundCheckpoints.Checkpoint(wave.number(), round, wave.trials(), blocks));
                    release(pending);
                    segmentsWritten = true;
                    lastCommit = System.nanoTime();
                }
                out.println(label + " round " + round + ": " + chosen.size() + (chosen.size() == 1 ? " block" : " blocks")
                        + " visited " + chosen.stream().map(RoundPlan.Next::shard).distinct().count() + " of "
                        + shards.shards() + " shards" + (commit ? "; states committed" : ""));
                out.flush();
            }
            jsc.setJobDescription("lrsweep " + sweepName + ": " + label + " curves and evidence");
            Path curves = new Path(written, "curves");
            Path evidence = new Path(written, "evidence");
            if (segmentsWritten) {
                // earlier rounds' segments are on disk: the evidence reads every segment back
                Path rounds = new Path(written, "rounds");
                if (!pending.isEmpty()) {
                    writeSegments(pending, checkpoints.round(wave.number(), round).toString());
                }
                writeEvidence(blocks, rounds, evidence);
                moveCurves(rounds, curves);
            } else {
                // every segment is still cached: the curves are written and the evidence taken from them at once
                writeSegments(pending, curves.toString());
                writeEvidence(blocks, pending, evidence);
            }
            requireEvidence(evidence, wave.trials().length);
            checkpoints.clear(wave.number());
            work.commitWave(written, wave.number());
        } finally {
            release(pending);
            jsc.setJobDescription(null);
        }
    }

    /** The blocks that visit their next shard in the next round (none once every block is done). */
    private List<RoundPlan.Next> next(List<BlockProgress> blocks, List<ShardedEpochs> epochs, List<TrialPlan> leads) {
        List<RoundPlan.Next> next = new ArrayList<>();
        for (BlockProgress b : blocks) {
            if (!b.done()) {
                ShardedEpochs e = epochs.get(b.id());
                next.add(new RoundPlan.Next(b.id(), e.visit(b.visit()).shard(),
                        RoundPlan.visitsLeft(e, b.visit(), leads.get(b.id()).totalSteps())));
            }
        }
        return next.isEmpty() ? next : RoundPlan.choose(next, shards.shards());
    }

    private static void release(List<JavaRDD<RoundTask.Visited>> pending) {
        for (JavaRDD<RoundTask.Visited> r : pending) {
            r.unpersist(false);
        }
        pending.clear();
    }

    /** Counts a finished block's trials for the progress line. */
    private void count(BlockProgress b) {
        if (b.done()) {
            for (TrainingState s : b.states()) {
                done.add(1);
                diverged.add(s.diverged() ? 1 : 0);
            }
        }
    }

    /**
     * One round: the chosen blocks visit their shards. The visits are cached on the executors (serialised, memory
     * then disk) for the curve segments to be written from; a lost block is trained again from the same states
     * and rows (lineage), to the same bits.
     */
    private JavaRDD<RoundTask.Visited> round(List<BlockProgress> blocks, List<RoundPlan.Next> chosen) {
        int[] at = new int[chosen.size()];
        List<BlockProgress> visiting = new ArrayList<>(chosen.size());
        for (int i = 0; i < at.length; i++) {
            at[i] = chosen.get(i).shard();
            visiting.add(blocks.get(chosen.get(i).block()));
        }
        JavaRDD<Shard> picked = new JavaRDD<>(shards.rdd().rdd().coalesce(at.length, false,
                Option.apply(new ShardPicker(at)), null), ClassTag$.MODULE$.apply(Shard.class));
        return picked.zipPartitions(jsc.parallelize(visiting, at.length), new RoundTask(payload))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    /** Writes the curve segments of these rounds as one Parquet directory, in one job. */
    private void writeSegments(List<JavaRDD<RoundTask.Visited>> rounds, String to) {
        Broadcast<ShardedPayload> shared = payload;
        JavaRDD<RoundTask.Visited> all = union(rounds);
        spark.createDataFrame(all.flatMap(v -> segmentRows(v, shared.value().trials())), Tables.CURVES)
                .coalesce(Math.max(1, Math.min(all.getNumPartitions(), jsc.defaultParallelism())))
                .write().parquet(to);
    }

    private JavaRDD<RoundTask.Visited> union(List<JavaRDD<RoundTask.Visited>> rounds) {
        JavaRDD<RoundTask.Visited> all = rounds.get(0);
        return rounds.size() == 1 ? all : jsc.union(rounds.toArray(new JavaRDD[0]));
    }

    private static Iterator<Row> segmentRows(RoundTask.Visited v, List<TrialSpec> trials) {
        List<Row> rows = new ArrayList<>();
        int[] ids = v.after().trials();
        for (int i = 0; i < ids.length; i++) {
            TrialOutcome segment = new TrialOutcome(trials.get(ids[i]), v.segments()[i], null, 0, 0, 0, 0, null);
            Tables.curveRows(segment).forEachRemaining(rows::add);
        }
        return rows.iterator();
    }

    /** A trial's end, for its evidence. */
    @DefaultSerializer(JavaSerializer.class)
    record End(int trial, TrainingState state, double seconds) implements Serializable {
    }

    /** Every trial's end, by trial id, for its evidence. */
    private Map<String, End> ends(List<BlockProgress> blocks) {
        ShardedPayload p = payload.value();
        Map<String, End> ends = new HashMap<>();
        for (BlockProgress b : blocks) {
            double share = b.seconds() / b.trials().length;
            for (int i = 0; i < b.trials().length; i++) {
                ends.put(p.trials().get(b.trials()[i]).trialId(), new End(b.trials()[i], b.states()[i], share));
            }
        }
        return ends;
    }

    /** Reads every trial's curve back from the wave's segments, on the executors, and writes its evidence. */
    private void writeEvidence(List<BlockProgress> blocks, Path rounds, Path evidence) {
        Broadcast<Map<String, End>> endsOf = jsc.broadcast(ends(blocks));
        Broadcast<ShardedPayload> shared = payload;
        try {
            FileSystem fs = rounds.getFileSystem(spark.sparkContext().hadoopConfiguration());
            List<String> written = new ArrayList<>();
            for (FileStatus round : fs.listStatus(rounds)) {
                written.add(round.getPath().toString());
            }
            JavaRDD<TrialOutcome> outcomes = spark.read().schema(Tables.CURVES).parquet(written.toArray(new String[0]))
                    .javaRDD().groupBy(r -> r.getString(0))
                    .map(t -> outcome(shared.value(), endsOf.value().get(t._1()), curve(t._2())));
            spark.createDataFrame(outcomes.map(Tables::evidenceRow), Tables.EVIDENCE).coalesce(1)
                    .write().parquet(evidence.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the wave's curves: " + e.getMessage(), e);
        } finally {
            endsOf.destroy();
        }
    }

    /**
     * Writes every trial's evidence from its curve segments still cached on the executors: the segments of a trial
     * meet in one task (a shuffle of the curves, which never reach the driver) and are joined in visit order.
     */
    private void writeEvidence(List<BlockProgress> blocks, List<JavaRDD<RoundTask.Visited>> rounds, Path evidence) {
        Broadcast<Map<String, End>> endsOf = jsc.broadcast(ends(blocks));
        Broadcast<ShardedPayload> shared = payload;
        try {
            int partitions = Math.max(1, Math.min(blocks.size(), jsc.defaultParallelism()));
            JavaRDD<TrialOutcome> outcomes = union(rounds).flatMapToPair(v -> v.pieces(shared.value().trials()))
                    .groupByKey(partitions)
                    .map(t -> outcome(shared.value(), endsOf.value().get(t._1()), joined(t._2())));
            spark.createDataFrame(outcomes.map(Tables::evidenceRow), Tables.EVIDENCE).coalesce(1)
                    .write().parquet(evidence.toString());
        } finally {
            endsOf.destroy();
        }
    }

    /** Checks the wave's evidence as written: one row per trial. */
    private void requireEvidence(Path evidence, int expected) {
        long trained = spark.read().parquet(evidence.toString()).count();
        if (trained != expected) {
            throw new IllegalStateException("the wave trained " + trained + " trials, not " + expected);
        }
    }

    /** A trial's curve from its segments, in visit order. */
    private static Curve joined(Iterable<RoundTask.Piece> pieces) {
        List<RoundTask.Piece> in = new ArrayList<>();
        pieces.forEach(in::add);
        in.sort((a, b) -> Long.compare(a.visit(), b.visit()));
        Curve curve = new Curve();
        for (RoundTask.Piece piece : in) {
            curve.append(piece.segment());
        }
        return curve;
    }

    /** A trial's curve from its rows as read back. */
    private static Curve curve(Iterable<Row> points) {
        List<Row> rows = new ArrayList<>();
        points.forEach(rows::add);
        rows.sort((a, b) -> Long.compare(a.getLong(1), b.getLong(1)));
        Curve curve = new Curve();
        for (Row r : rows) {
            curve.add(r.getLong(1), r.getDouble(2), value(r, 3), value(r, 4), value(r, 5), value(r, 6), value(r, 7),
                    value(r, 8), value(r, 9));
        }
        return curve;
    }

    private static TrialOutcome outcome(ShardedPayload p, End end, Curve curve) {
        TrialSpec trial = p.trials().get(end.trial());
        TrialPlan plan = p.planner().plan(trial);
        Evidence evidence = Evidence.of(curve, end.state().divergedAt(), end.state().divergenceCause(),
                plan.batchSize() >= p.trainingRows());
        return new TrialOutcome(trial, curve, evidence, plan.batchSize(), plan.totalSteps(),
                TrialPlan.stepsPerEpoch(p.trainingRows(), plan.batchSize()), end.seconds(), end.state());
    }

    private static double value(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    /** Moves the rounds' part files into one {@code curves/} directory (their names are unique per write job). */
    private void moveCurves(Path rounds, Path curves) {
        try {
            FileSystem fs = curves.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.mkdirs(curves);
            for (FileStatus round : fs.listStatus(rounds)) {
                for (FileStatus part : fs.listStatus(round.getPath())) {
                    if (part.isFile() && part.getPath().getName().startsWith("part-")) {
                        Path to = new Path(curves, part.getPath().getName());
                        if (!fs.rename(part.getPath(), to)) {
                            throw new IOException("cannot move " + part.getPath() + " to " + to);
                        }
                    }
                }
            }
            fs.delete(rounds, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot gather the wave's curves: " + e.getMessage(), e);
        }
    }
}
