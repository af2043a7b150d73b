package dev.lrsweep.run;

import dev.lrsweep.TestSpark;
import dev.lrsweep.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Helpers for the Spark tests: a fresh work directory under target/, data files, sweep files and CLI runs. */
public final class Sweeps {
    private Sweeps() {
    }

    /** What a command printed, and its exit code. */
    public record Outcome(int code, String out, String err) {
        public List<String> errLines() {
            return err.lines().filter(l -> l.startsWith("lrsweep")).toList();
        }
    }

    public static SparkSession spark() {
        return TestSpark.session();
    }

    /** Runs lrsweep as the command line would, without stopping Spark. */
    public static Outcome lrsweep(String... args) {
        spark();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs lrsweep as {@link #lrsweep} does, with this text as its standard input (not a terminal). */
    public static Outcome lrsweepWithInput(String input, String... args) {
        spark();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), false,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs lrsweep as {@link #lrsweep} does, but loses the driver as soon as it prints a line starting with
     * {@code line}: printing that line throws, so the command stops right there, as a killed driver would (the JVM
     * goes on: Spark's session is shared). Later output, such as the failure's message, is kept.
     */
    public static Outcome lrsweepLosingDriverAt(String line, String... args) {
        spark();
        Tripwire out = new Tripwire(line);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        if (!out.tripped) {
            throw new AssertionError("the run never printed a line starting with '" + line + "':\n" + out.text());
        }
        return new Outcome(code, out.text(), err.toString(StandardCharsets.UTF_8));
    }

    /** The stream that throws once, when it has seen a line start with its trigger. */
    private static final class Tripwire extends OutputStream {
        private final String trigger;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private int lineStart;
        private volatile boolean tripped;

        Tripwire(String trigger) {
            this.trigger = trigger;
        }

        @Override
        public synchronized void write(int b) {
            seen.write(b);
            if (b == '\n') {
                String text = text();
                String lastLine = text.substring(lineStart);
                lineStart = text.length();
                if (!tripped && lastLine.startsWith(trigger)) {
                    tripped = true;
                    throw new IllegalStateException("the driver is lost (simulated by the test)");
                }
            }
        }

        synchronized String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    /** A new, empty directory under target/test-work. */
    public static Path workDir(String name) {
        try {
            Path base = Path.of("target", "test-work").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a directory, names only, without hidden files (such as the local file system's checksums). */
    public static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A data set of double columns written as one Parquet file. */
    public static Path parquet(Path file, List<String> columns, double[][] rows) {
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, DataTypes.DoubleType, true);
        }
        List<Row> data = Stream.of(rows)
                .map(r -> RowFactory.create(java.util.Arrays.stream(r).boxed().toArray()))
                .toList();
        spark().createDataFrame(data, schema).coalesce(1).write().parquet(file.toString());
        return file;
    }

    /** Logistic data: features x0..x{d−1} standard normal from the seed, label 1 when the noisy logit is positive. */
    public static double[][] logisticRows(int n, double[] w, double b, long seed) {
        dev.lrsweep.core.data.SplitMix64 random = new dev.lrsweep.core.data.SplitMix64(seed);
        double[][] rows = new double[n][w.length + 1];
        for (int i = 0; i < n; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) {
                rows[i][j] = random.nextGaussian();
                z += w[j] * rows[i][j];
            }
            double u = random.nextDouble();
            rows[i][w.length] = z + Math.log(u / (1 - u)) > 0 ? 1 : 0;
        }
        return rows;
    }
}
