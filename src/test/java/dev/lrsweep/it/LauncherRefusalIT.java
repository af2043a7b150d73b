package dev.lrsweep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Through the launcher, with the real logging configuration: data that is not its format is refused with
 * lrsweep's one line alone on stderr (no warning of the JVM's, no error log or trace of Spark's, from the driver or
 * the executors), exit code 3 and nothing written.
 */
class LauncherRefusalIT {

    /** What a refused run printed on stderr, but for the launcher's own lines about building the jar. */
    record Refusal(Path work, Path data, List<String> err) {
    }

    /** Runs the launcher on a logistic sweep over {@code data} read as {@code format}; expects exit code 3. */
    static Refusal refuse(String format, String... files) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-work").toAbsolutePath()),
                "refusal-");
        Path data = Files.createDirectories(work.resolve("data"));
        for (int i = 0; i < files.length; i++) {
            Files.writeString(data.resolve(String.format("part-%05d.%s", i, format.equals("parquet") ? "csv" : format)),
                    files[i]);
        }
        Path sweep = Files.writeString(work.resolve("sweep.yaml"), """
                data: {path: %s, format: %s}
                model: {type: logistic}
                grid: {learning_rates: [0.1], batch_sizes: [1], optimizers: [sgd]}
                train: {steps: 2}
                output: %s
                """.formatted(data, format, work.resolve("results")));
        ProcessBuilder pb = new ProcessBuilder("submit/lrsweep", "run", sweep.toString())
                .directory(new File(".").getAbsoluteFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("TMPDIR", work.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher took over 5 minutes");
        List<String> err = Files.readAllLines(work.resolve("err.txt")).stream()
                .filter(l -> !l.startsWith("lrsweep: building the application jar")
                        && !l.startsWith("lrsweep: resolving Spark's jars"))
                .toList();
        assertEquals(3, p.exitValue(), String.join("\n", err));
        assertEquals(1, err.size(), "exactly one line on stderr:\n" + String.join("\n", err));
        assertFalse(Files.exists(work.resolve("results")));
        assertEquals(List.of("data", "err.txt", "out.txt", "sweep.yaml"), Files.list(work)
                .map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("lrsweep-mvn"))
                .sorted().toList());
        return new Refusal(work, data, err);
    }

    @Test
    @DisplayName("a directory of CSV files read as Parquet gives exactly one line on stderr, and exit code 3")
    void aDirectoryOfCsvFilesReadAsParquetGivesOneLine() throws Exception {
        Refusal r = refuse("parquet", "x0,x1,label\n1,2,0\n3,4,1\n", "x0,x1,label\n5,6,1\n");
        assertTrue(r.err().get(0).startsWith("lrsweep: data.path " + r.data() + " cannot be read as parquet: ")
                && r.err().get(0).contains("part-00000.csv is not a Parquet file"), r.err().get(0));
    }

    @Test
    @DisplayName("a directory of CSV files read as libsvm gives exactly one line on stderr, naming what they look like")
    void aDirectoryOfCsvFilesReadAsLibsvmGivesOneLine() throws Exception {
        Refusal r = refuse("libsvm", "x0,x1,label\n1,2,0\n3,4,1\n", "x0,x1,label\n5,6,1\n");
        assertEquals("lrsweep: data.path " + r.data() + " cannot be read as libsvm: line 1 of part-00000.libsvm is not"
                + " 'label index:value …' but 'x0,x1,label'; the files look like CSV (data.format: csv)", r.err().get(0));
    }

    @Test
    @DisplayName("a libsvm file with a bad line further down fails in Spark's tasks and still gives exactly one line")
    void aLibsvmFileWithABadLineFurtherDownGivesOneLine() throws Exception {
        Refusal r = refuse("libsvm", "1 1:0.5 2:1\n0 1:x 2:1\n");
        assertTrue(r.err().get(0).startsWith("lrsweep: data.path " + r.data() + " cannot be read as libsvm: ")
                && r.err().get(0).contains("\"x\""), r.err().get(0));
    }
}
