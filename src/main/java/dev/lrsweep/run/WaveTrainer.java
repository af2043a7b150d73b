package dev.lrsweep.run;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Trains one wave and commits it to the work directory: the tasks train their blocks into outcomes cached on the
 * executors (serialised, memory then disk); {@code curves/} is written from them (the job that trains), then the
 * wave's evidence rows, one small Parquet file written from the same cached outcomes (nothing is collected); both into a fresh directory under the
 * work directory's {@code tmp/}, which is then renamed to {@code waves/wave-NNNNN}. A wave that fails or whose
 * driver is lost is never renamed, so it is never read.
 */
final class WaveTrainer {
    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final WorkDirectory work;
    private final String sweepName;
    private final Broadcast<SweepPayload> payload;
    private final LongAccumulator done;
    private final LongAccumulator diverged;

    WaveTrainer(SparkSession spark, WorkDirectory work, String sweepName, Broadcast<SweepPayload> payload,
                LongAccumulator done, LongAccumulator diverged) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.work = work;
        this.sweepName = sweepName;
        this.payload = payload;
        this.done = done;
        this.diverged = diverged;
    }

    /** Trains the wave and commits it; returns how many of its trials diverged. */
    long train(WavePlan.Wave wave, int waves) {
        String label = "wave " + wave.number() + "/" + waves;
        Path written = work.newWave(wave.number());
        boolean committed = false;
        JavaRDD<TrialOutcome> results = jsc.parallelize(wave.tasks(), wave.tasks().size())
                .mapPartitions(new TrialRunner(payload, done, diverged))
                .setName("lrsweep " + sweepName + " " + label)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            jsc.setJobDescription("lrsweep " + sweepName + ": train " + wave.trials().length + " trials (" + label
                    + "), write curves");
            spark.createDataFrame(results.flatMap(Tables::curveRows), Tables.CURVES)
                    .write().parquet(new Path(written, "curves").toString());
            jsc.setJobDescription("lrsweep " + sweepName + ": " + label + " evidence");
            String evidence = new Path(written, "evidence").toString();
            spark.createDataFrame(results.map(Tables::evidenceRow), Tables.EVIDENCE).coalesce(1)
                    .write().parquet(evidence);
            // counted from what was written, so the check also covers the file
            Row counts = spark.read().parquet(evidence).agg(functions.count(functions.lit(1)),
                    functions.count(functions.when(functions.col("e_diverged_at").geq(0), true))).first();
            if (counts.getLong(0) != wave.trials().length) {
                throw new IllegalStateException(label + " trained " + counts.getLong(0) + " trials, not "
                        + wave.trials().length);
            }
            work.commitWave(written, wave.number());
            committed = true;
            return counts.getLong(1);
        } finally {
            jsc.setJobDescription(null);
            results.unpersist(false);
            if (!committed) {
                work.discardWave(written);
            }
        }
    }
}
