package dev.lrsweep.bench;

import dev.lrsweep.core.spec.Format;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.Gradient;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LeastSquaresGradient;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * MLlib's own mini-batch SGD, {@code GradientDescent.runMiniBatchSGD}, on the same rows cached as an RDD of
 * (label, dense vector), one trial after another. Each iteration is a Spark job: a Bernoulli sample of about
 * batch/rows of the rows, and a tree aggregation of their gradients. The model has no intercept (MLlib's
 * gradients take the features as given), {@code SimpleUpdater} steps by α/√t, and the convergence tolerance is 0
 * so that every trial runs all its iterations. Sample-gradients are counted as iterations × batch, the expected
 * size of a sample.
 */
public final class MllibWay {
    private MllibWay() {
    }

    /** The Parquet rows (x0 … x{d−1}, label) as MLlib's (label, features) pairs, cached and counted. */
    public static JavaRDD<Tuple2<Object, Vector>> cache(SparkSession spark, String path, int features) {
        int parallelism = spark.sparkContext().defaultParallelism();
        JavaRDD<Tuple2<Object, Vector>> rdd = spark.read().parquet(path).javaRDD()
                .map((Row r) -> {
                    double[] x = new double[features];
                    for (int j = 0; j < features; j++) {
                        x[j] = r.getDouble(j);
                    }
                    return new Tuple2<Object, Vector>(r.getDouble(features), Vectors.dense(x));
                })
                .repartition(parallelism)
                .persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return rdd;
    }

    /**
     * Runs one trial per rate for {@code iterations} iterations, timed together.
     *
     * @param logistic {@code LogisticGradient}, else {@code LeastSquaresGradient}
     */
    public static Way run(SparkSession spark, JavaRDD<Tuple2<Object, Vector>> rows, long rowCount, boolean logistic,
                          List<Double> rates, int iterations, int batch, int features) {
        Gradient gradient = logistic ? new LogisticGradient() : new LeastSquaresGradient();
        double fraction = Math.min(1.0, (double) batch / rowCount);
        long made = 0;
        long started = System.nanoTime();
        for (double rate : rates) {
            Tuple2<Vector, double[]> result = GradientDescent.runMiniBatchSGD(rows.rdd(), gradient, new SimpleUpdater(),
                    rate, iterations, 0.0, fraction, Vectors.zeros(features), 0.0);
            made += result._2().length;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double sampleGradients = (double) made * fraction * rowCount;
        String detail = String.format(Locale.ROOT, "GradientDescent.runMiniBatchSGD(%s, SimpleUpdater: α/√t, fraction"
                        + " %s, no intercept) on the rows cached as an RDD in %d partitions: %d trials (α %s) × %d"
                        + " iterations (%d made) × %s expected rows = %s in %.2f s, %.3f s per iteration",
                gradient.getClass().getSimpleName(), Format.significant(fraction, 3), rows.getNumPartitions(),
                rates.size(), rates.stream().map(r -> Format.significant(r, 2)).reduce((a, b) -> a + ", " + b).orElse(""),
                iterations, made, Format.significant(fraction * rowCount, 4), Way.count(sampleGradients), seconds,
                seconds / Math.max(1, made));
        return new Way("MLlib", sampleGradients, seconds, spark.sparkContext().defaultParallelism(), detail);
    }
}
