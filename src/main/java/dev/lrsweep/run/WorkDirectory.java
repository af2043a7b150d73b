package dev.lrsweep.run;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.Errors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The work directory of a sweep that is running or was interrupted, next to its output: {@code <output>.partial}.
 * It holds what a lost driver must not lose, and nothing a reader of the output ever sees:
 *
 * <pre>
 *   _LRSWEEP_PARTIAL   the marker: this run's id, whether it may replace earlier results, version, start
 *   sweep.yaml         the resolved sweep, which a resumed run must match
 *   data.txt           the data's fingerprint ({@link DataFingerprint}), which a resumed run must match
 *   waves/wave-NNNNN/  committed waves: curves/ and evidence/ (Parquet), each renamed here whole when written
 *   progress/wave-NNNNN/  the sharded layout's wave in progress: its rounds' curves and the states after the
 *                      last committed round ({@link RoundCheckpoints}), which a resumed run continues from
 *   tmp/               waves being written; whatever is left here after a crash is garbage
 *   commit/            the final commit's staging directory, renamed into place as the output; the tables made
 *                      before the trials train (landscape/, range_test/, range_test_curves/) are written here
 *                      as soon as the work directory exists
 * </pre>
 *
 * <p>The directory itself appears atomically (written under another name, then renamed), so it always carries
 * its marker. lrsweep deletes a work directory only when it carries the marker.
 */
public final class WorkDirectory {
    /** What the work directory's name adds to the output's. */
    public static final String SUFFIX = ".partial";
    /** The file that marks a directory as an lrsweep work directory. */
    public static final String MARKER = "_LRSWEEP_PARTIAL";
    /** The committed waves' directory, inside the work directory. */
    public static final String WAVES = "waves";
    /** A committed wave's directory name: {@code wave-} and its number, five digits. */
    public static final String WAVE_FORMAT = "wave-%05d";

    private static final Pattern WAVE_NAME = Pattern.compile("wave-(\\d+)");
    private static final String SWEEP = "sweep.yaml";
    private static final String DATA = "data.txt";

    private final FileSystem fs;
    private final Path path;
    private final String name;

    private WorkDirectory(FileSystem fs, Path path, String name) {
        this.fs = fs;
        this.path = path;
        this.name = name;
    }

    /**
     * The work directory that belongs to an output directory (it need not exist).
     *
     * @param output the qualified output path
     * @param given  the output as the user gave it, which names the work directory in messages
     */
    static WorkDirectory of(FileSystem fs, Path output, String given) {
        return new WorkDirectory(fs, new Path(output.getParent(), output.getName() + SUFFIX),
                given.replaceAll("/+$", "") + SUFFIX);
    }

    /** The qualified path. */
    public Path path() {
        return path;
    }

    /** The work directory as messages name it: the output as the user gave it, and {@value #SUFFIX}. */
    @Override
    public String toString() {
        return name;
    }

    /** What a started run records in the marker. */
    record Run(String id, boolean replaces) {
    }

    boolean exists() {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw problem("cannot be checked", e);
        }
    }

    /** Refuses, with one line, a directory at this path that is not an lrsweep work directory. */
    void requireMarker() {
        try {
            FileStatus status = fs.getFileStatus(path);
            if (!status.isDirectory() || !fs.exists(new Path(path, MARKER))) {
                throw new ConfigException("work directory " + name + " exists but is not lrsweep's (no " + MARKER
                        + " marker); lrsweep will neither use nor delete it, so move it away or choose another"
                        + " --output");
            }
        } catch (FileNotFoundException e) {
            throw new ConfigException("work directory " + name + " vanished while being checked", e);
        } catch (IOException e) {
            throw problem("cannot be checked", e);
        }
    }

    /**
     * Creates the directory with its marker, the resolved sweep and the data fingerprint, all at once: written
     * under a temporary sibling name, then renamed.
     */
    void create(Run run, String sweepName, String resolvedSweep, String fingerprint) {
        Path fresh = new Path(path.getParent(), path.getName() + "-new-" + random());
        try {
            mkdirs(new Path(fresh, WAVES));
            write(new Path(fresh, SWEEP), resolvedSweep);
            write(new Path(fresh, DATA), fingerprint);
            write(new Path(fresh, MARKER), "lrsweep keeps the committed waves of a running or interrupted sweep here;"
                    + " lrsweep run --resume carries on with them, --overwrite deletes them.\nversion: " + Version.get()
                    + "\nsweep: " + sweepName + "\nrun: " + run.id() + "\nreplaces: " + run.replaces()
                    + "\nstarted: " + Instant.now() + "\n");
            if (fs.exists(path) || !fs.rename(fresh, path)) {
                throw new IOException("cannot rename " + fresh + " to " + path);
            }
        } catch (IOException e) {
            delete(fresh);
            throw problem("cannot be created", e);
        }
    }

    /** A new run id. */
    static String newRunId() {
        return random();
    }

    FileSystem fileSystem() {
        return fs;
    }

    /** The run this directory belongs to, from its marker. */
    Run run() {
        String marker = read(MARKER);
        return new Run(field(marker, "run"), Boolean.parseBoolean(field(marker, "replaces")));
    }

    /** The resolved sweep the run started with. */
    String sweep() {
        return read(SWEEP);
    }

    /** The data fingerprint the run started with. */
    String fingerprint() {
        return read(DATA);
    }

    /** Deletes the whole directory; only call it after {@link #requireMarker()} or {@link #create}. */
    void delete() {
        try {
            if (fs.exists(path) && !fs.delete(path, true)) {
                throw new IOException("delete returned false");
            }
        } catch (IOException e) {
            throw problem("cannot be deleted", e);
        }
    }

    /** Deletes the waves left half-written by a lost driver (best effort: they are ignored anyway). */
    void deleteGarbage() {
        delete(new Path(path, "tmp"));
    }

    /** The committed waves' directories, by wave number. */
    List<Path> waves() {
        try {
            List<Path> waves = new ArrayList<>();
            for (FileStatus s : fs.listStatus(new Path(path, WAVES))) {
                if (s.isDirectory() && WAVE_NAME.matcher(s.getPath().getName()).matches()) {
                    waves.add(s.getPath());
                }
            }
            waves.sort((a, b) -> Integer.compare(number(a), number(b)));
            return waves;
        } catch (IOException e) {
            throw problem("cannot be listed", e);
        }
    }

    /** A wave directory's number. */
    static int number(Path wave) {
        Matcher m = WAVE_NAME.matcher(wave.getName());
        if (!m.matches()) {
            throw new IllegalArgumentException(wave + " is not a wave directory");
        }
        return Integer.parseInt(m.group(1));
    }

    /** A fresh directory to write wave {@code number} into, before {@link #commitWave}. */
    Path newWave(int number) {
        Path wave = new Path(new Path(path, "tmp"), String.format(WAVE_FORMAT, number) + "-" + random());
        try {
            mkdirs(wave);
            return wave;
        } catch (IOException e) {
            throw problem("cannot hold a new wave", e);
        }
    }

    /** Commits a written wave by renaming it to {@code waves/wave-NNNNN}; returns that path. */
    Path commitWave(Path written, int number) {
        Path wave = new Path(new Path(path, WAVES), String.format(WAVE_FORMAT, number));
        try {
            if (fs.exists(wave) || !fs.rename(written, wave)) {
                throw new IOException("cannot rename " + written + " to " + wave);
            }
            return wave;
        } catch (IOException e) {
            throw problem("cannot commit wave " + number, e);
        }
    }

    /** Discards a wave that failed while being written; best effort. */
    void discardWave(Path written) {
        delete(written);
    }

    /** The final commit's staging directory: created when absent, kept when an earlier attempt left it. */
    Path commitDir() {
        Path commit = new Path(path, "commit");
        try {
            mkdirs(commit);
            return commit;
        } catch (IOException e) {
            throw problem("cannot hold the final commit", e);
        }
    }

    /** True when the staging directory holds a table written whole (its {@code _SUCCESS} file is there). */
    boolean staged(String table) {
        try {
            return fs.exists(new Path(new Path(path, "commit"), table + "/_SUCCESS"));
        } catch (IOException e) {
            throw problem("cannot be checked", e);
        }
    }

    /**
     * Moves the part files of every committed wave's {@code curves/} into {@code target} (created when absent),
     * keeping their names, which carry their write job's unique id. Moving what is left is all a repeated final
     * commit has to do: files moved by an earlier, interrupted attempt are already there.
     *
     * @return the part files in {@code target} afterwards
     */
    int moveCurves(Path target) {
        try {
            mkdirs(target);
            for (Path wave : waves()) {
                Path curves = new Path(wave, "curves");
                if (!fs.exists(curves)) {
                    continue;
                }
                for (FileStatus part : fs.listStatus(curves)) {
                    String name = part.getPath().getName();
                    if (!part.isFile() || !name.startsWith("part-")) {
                        continue;
                    }
                    Path to = new Path(target, name);
                    if (fs.exists(to)) {
                        to = new Path(target, "part-" + wave.getName() + name.substring("part".length()));
                    }
                    if (!fs.rename(part.getPath(), to)) {
                        throw new IOException("cannot move " + part.getPath() + " to " + to);
                    }
                }
            }
            int parts = 0;
            for (FileStatus part : fs.listStatus(target)) {
                parts += part.getPath().getName().startsWith("part-") ? 1 : 0;
            }
            writeOver(new Path(target, "_SUCCESS"), "");
            return parts;
        } catch (IOException e) {
            throw problem("cannot hand its curves to the final commit", e);
        }
    }

    /** Writes a small UTF-8 text file, replacing one an interrupted commit may have left. */
    void writeOver(Path file, String text) {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes a file or directory under the work directory, if it is there. */
    void remove(Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            throw problem("cannot delete " + p, e);
        }
    }

    private String read(String name) {
        Path file = new Path(path, name);
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("work directory " + name + " is damaged: cannot read " + name + ": "
                    + Errors.oneLine(e) + "; pass --overwrite to start the sweep again", e);
        }
    }

    private void write(Path file, String text) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void delete(Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException | RuntimeException e) {
            // Best effort: a leftover is ignored and deleted with the work directory.
        }
    }

    private static String field(String marker, String key) {
        for (String line : marker.split("\n")) {
            if (line.startsWith(key + ": ")) {
                return line.substring(key.length() + 2).trim();
            }
        }
        return "";
    }

    private void mkdirs(Path dir) throws IOException {
        if (!fs.mkdirs(dir)) {
            throw new IOException("mkdirs " + dir + " returned false");
        }
    }

    /** Twelve random hex digits, for names that must not collide: run ids, temporary and aside directories. */
    static String random() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private UncheckedIOException problem(String what, IOException e) {
        return new UncheckedIOException("work directory " + name + " " + what + ": " + Errors.oneLine(e), e);
    }
}
