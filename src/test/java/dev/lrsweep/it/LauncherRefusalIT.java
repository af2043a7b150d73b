package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Through the launcher, with the real logging configuration: data that is not its format is refused with
 * lrsweep's one line alone, no error log of Spark's above it, exit code 3 and nothing written.
 */
class LauncherRefusalIT {

    @Test
    @DisplayName("a directory of CSV files read as Parquet gives one line on stderr, no Spark error log, and exit code 3")
    void aDirectoryOfCsvFilesReadAsParquetGivesOneLine() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-work").toAbsolutePath()),
                "refusal-");
        Path csv = Files.createDirectories(work.resolve("csv"));
        Files.writeString(csv.resolve("part-00000.csv"), "x0,x1,label\n1,2,0\n3,4,1\n");
        Files.writeString(csv.resolve("part-00001.csv"), "x0,x1,label\n5,6,1\n");
        Path sweep = Files.writeString(work.resolve("sweep.yaml"), """
                data: {path: %s, format: parquet}
                model: {type: logistic}
                grid: {learning_rates: [0.1], batch_sizes: [1], optimizers: [sgd]}
                train: {steps: 2}
                output: %s
                """.formatted(csv, work.resolve("results")));
        ProcessBuilder pb = new ProcessBuilder("submit/lrsweep", "run", sweep.toString())
                .directory(new File(".").getAbsoluteFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("TMPDIR", work.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher took over 5 minutes");
        List<String> err = Files.readAllLines(work.resolve("err.txt"));
        assertEquals(3, p.exitValue(), String.join("\n", err));
        List<String> ours = err.stream().filter(l -> l.startsWith("lrsweep:")).toList();
        assertEquals(1, ours.size(), String.join("\n", err));
        assertTrue(ours.get(0).contains("data.path " + csv + " cannot be read as parquet: ")
                && ours.get(0).contains("part-00000.csv is not a Parquet file"), ours.get(0));
        assertTrue(err.stream().noneMatch(l -> l.contains("ERROR") || l.startsWith("\tat ")), String.join("\n", err));
        assertFalse(Files.exists(work.resolve("results")));
        assertEquals(List.of("csv", "err.txt", "out.txt", "sweep.yaml"), Files.list(work)
                .map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("lrsweep-mvn"))
                .sorted().toList());
    }
}
