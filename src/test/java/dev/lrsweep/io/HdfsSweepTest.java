package dev.lrsweep.io;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.run.OutputDirectory;
import dev.lrsweep.run.Sweeps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A sweep that reads its data from HDFS and writes its results there, through {@code lrsweep run}, on a
 * one-datanode MiniDFSCluster. Every path is a full {@code hdfs://localhost:<port>/…} URI, so the shared
 * SparkSession reaches this cluster without changing its default file system. The rules about the output
 * directory hold on HDFS as on the local file system: results are replaced only with {@code --overwrite} and
 * only when lrsweep wrote them; a failed check leaves nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsSweepTest {
    static MiniDFSCluster cluster;
    static FileSystem fs;
    static String hdfs;
    static java.nio.file.Path local;

    @BeforeAll
    static void startHdfsAndWriteTheData() throws IOException {
        local = Sweeps.workDir("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        StructType schema = new StructType().add("x0", DataTypes.DoubleType).add("x1", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        List<Row> rows = Arrays.stream(Sweeps.logisticRows(80, new double[] {1.5, -1}, 0.2, 3))
                .map(r -> RowFactory.create(r[0], r[1], r[2])).toList();
        spark().createDataFrame(rows, schema).coalesce(2).write().parquet(hdfs + "/data/train");
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    static java.nio.file.Path sweep(String name, String dataPath) {
        return Sweeps.write(local.resolve(name + ".yaml"), """
                name: %s
                data:
                  path: %s
                  validation: 0.25
                model:
                  type: logistic
                grid:
                  learning_rates: [0.1, 1, 10]
                  batch_sizes: [16, full]
                  optimizers: [sgd, adam]
                train:
                  steps: 20
                  eval_every: 5
                """.formatted(name, dataPath));
    }

    static Sweeps.Outcome run(java.nio.file.Path sweep, String output, String... flags) {
        return lrsweep(Stream.concat(Stream.of("run", sweep.toString(), "--output", output), Stream.of(flags))
                .toArray(String[]::new));
    }

    static List<String> names(String dir) throws IOException {
        return Arrays.stream(fs.listStatus(new Path(dir))).map(s -> s.getPath().getName()).sorted().toList();
    }

    @Test
    @Order(1)
    @DisplayName("a sweep reads its data from HDFS and writes its tables there, readable with Spark and lrsweep query")
    void aSweepReadsAndWritesHdfs() throws IOException {
        String output = hdfs + "/results/hdfs-sweep";
        Sweeps.Outcome o = run(sweep("hdfs-sweep", hdfs + "/data/train"), output);
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("Results: " + output), o.out());
        assertEquals(List.of(OutputDirectory.MARKER, "curves", "data.yaml", "landscape", "report.html", "summary",
                "sweep.yaml",
                "trials"), names(output));
        assertEquals(List.of("hdfs-sweep"), names(hdfs + "/results"), "no staging directory left");
        assertEquals(12, spark().read().parquet(output + "/trials").count());
        assertEquals(4, spark().read().parquet(output + "/summary").count());
        assertTrue(spark().read().parquet(output + "/curves").count() > 12);
        Sweeps.Outcome q = lrsweep("query", output, "SELECT count(*) AS n FROM trials WHERE rank >= 1", "--format", "csv");
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("n", "12"), q.out().lines().toList());
    }

    @Test
    @Order(2)
    @DisplayName("on HDFS, earlier results are kept without --overwrite and replaced with it")
    void earlierResultsAreReplacedOnlyWithOverwrite() throws IOException {
        String output = hdfs + "/results/replaced";
        java.nio.file.Path sweep = sweep("replaced", hdfs + "/data/train");
        assertEquals(0, run(sweep, output).code());
        long written = fs.getFileStatus(new Path(output, OutputDirectory.MARKER)).getModificationTime();

        Sweeps.Outcome refused = run(sweep, output);
        assertEquals(2, refused.code(), refused.err());
        assertEquals(List.of("lrsweep: output " + output + " already exists and holds lrsweep results; pass --overwrite"
                + " to replace it, or choose another --output"), refused.err().lines().toList());

        Sweeps.Outcome replaced = run(sweep, output, "--overwrite");
        assertEquals(0, replaced.code(), replaced.err() + replaced.out());
        assertTrue(fs.getFileStatus(new Path(output, OutputDirectory.MARKER)).getModificationTime() >= written);
        assertEquals(List.of(OutputDirectory.MARKER, "curves", "data.yaml", "landscape", "report.html", "summary",
                "sweep.yaml",
                "trials"), names(output));
        assertTrue(names(hdfs + "/results").stream().noneMatch(n -> n.contains(".staging-") || n.contains(".replaced-")),
                "no staging or set-aside directory: " + names(hdfs + "/results"));
    }

    @Test
    @Order(3)
    @DisplayName("on HDFS, a non-empty directory without the marker is refused even with --overwrite, and left untouched")
    void aForeignDirectoryIsRefusedEvenWithOverwrite() throws IOException {
        String output = hdfs + "/results/foreign";
        try (OutputStream out = fs.create(new Path(output, "thesis.tex"))) {
            out.write("years of work".getBytes(StandardCharsets.UTF_8));
        }
        Sweeps.Outcome o = run(sweep("foreign", hdfs + "/data/train"), output, "--overwrite");
        assertEquals(2, o.code(), o.err());
        assertEquals(List.of("lrsweep: output " + output + " exists and is not an lrsweep results directory (no "
                + OutputDirectory.MARKER + " marker); lrsweep will not replace it, even with --overwrite"),
                o.err().lines().toList());
        assertEquals(List.of("thesis.tex"), names(output));
        assertTrue(names(hdfs + "/results").stream().noneMatch(n -> n.startsWith("foreign.")), "no staging directory");
    }

    @Test
    @Order(4)
    @DisplayName("on HDFS, missing data and files of another format are refused with exit code 3 and nothing written")
    void badDataOnHdfsIsRefused() throws IOException {
        try (OutputStream out = fs.create(new Path(hdfs + "/data/csv/part-00000.csv"))) {
            out.write("x0,x1,label\n1,2,0\n".getBytes(StandardCharsets.UTF_8));
        }
        String output = hdfs + "/results/refused";
        Sweeps.Outcome missing = run(sweep("missing", hdfs + "/data/nowhere"), output);
        assertEquals(3, missing.code(), missing.err());
        assertEquals(List.of("lrsweep: data.path " + hdfs + "/data/nowhere does not exist"), missing.err().lines().toList());
        Sweeps.Outcome csv = run(sweep("csv", hdfs + "/data/csv"), output);
        assertEquals(3, csv.code(), csv.err());
        assertTrue(csv.err().startsWith("lrsweep: data.path " + hdfs + "/data/csv cannot be read as parquet: "
                + hdfs + "/data/csv/part-00000.csv is not a Parquet file"), csv.err());
        assertFalse(fs.exists(new Path(output)));
        assertTrue(names(hdfs + "/results").stream().noneMatch(n -> n.startsWith("refused")), "nothing written");
        assertTrue(Files.isDirectory(local.resolve("dfs")), "the cluster's files live under target/");
    }
}
