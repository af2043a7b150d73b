package dev.lrsweep.run;

import dev.lrsweep.errors.DataException;
import dev.lrsweep.errors.Errors;
import dev.lrsweep.io.TrainingData;
import dev.lrsweep.sweep.SweepConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What a resumed sweep checks about its data: every input file's path, length and modification time (as Spark
 * reads them: files and directories whose names start with {@code _} or {@code .} are skipped), and the training
 * and validation row counts. One line per file, sorted, then one line of rows:
 *
 * <pre>
 *   data.path file:/data/q/part-00000-….parquet 1839201 1763798400000
 *   rows 16000 training, 4000 validation
 * </pre>
 */
final class DataFingerprint {
    private static final String ROWS = "rows";

    private DataFingerprint() {
    }

    /** The fingerprint of a sweep's data, once it is loaded: its {@link #files} and its rows. */
    static String of(Configuration conf, SweepConfig config, TrainingData data) {
        return files(conf, config) + ROWS + " " + data.trainingRows() + " training, " + data.validationRows()
                + " validation\n";
    }

    /** The files part of the fingerprint, which can be checked before the data is read. */
    static String files(Configuration conf, SweepConfig config) {
        List<String> lines = new ArrayList<>();
        files(conf, "data.path", config.data().path(), lines);
        if (config.data().validationPath() != null) {
            files(conf, "data.validation", config.data().validationPath(), lines);
        }
        lines.sort(null);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** A fingerprint without its rows line: the part {@link #files} gives. */
    static String withoutRows(String fingerprint) {
        StringBuilder text = new StringBuilder();
        for (String line : fingerprint.split("\n")) {
            if (!line.isBlank() && !line.startsWith(ROWS + " ")) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    private static void files(Configuration conf, String key, String given, List<String> lines) {
        try {
            Path pattern = new Path(given);
            FileSystem fs = pattern.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null) {
                return;
            }
            for (FileStatus match : matches) {
                if (!match.isDirectory()) {
                    lines.add(line(key, match));
                    continue;
                }
                int depth = match.getPath().depth();
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus file = it.next();
                    if (!hidden(file.getPath(), depth)) {
                        lines.add(line(key, file));
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(key + " " + given + ": cannot list its files: " + Errors.oneLine(e), e);
        }
    }

    private static boolean hidden(Path file, int rootDepth) {
        for (Path p = file; p != null && p.depth() > rootDepth; p = p.getParent()) {
            if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String line(String key, FileStatus file) {
        return key + " " + file.getPath() + " " + file.getLen() + " " + file.getModificationTime();
    }

    /**
     * What differs between two fingerprints, in a few words that "since the interrupted run" may follow (a file
     * by its key and name: {@code data.path part-00000-….parquet was modified (…, now …)}), or null when they are
     * equal.
     */
    static String difference(String before, String now) {
        Map<String, String> a = parse(before);
        Map<String, String> b = parse(now);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other == null) {
                differences.add(name(e.getKey()) + " was deleted");
            } else if (!other.equals(e.getValue())) {
                differences.add(e.getKey().equals(ROWS) ? "the rows changed (" + e.getValue() + ", now " + other + ")"
                        : name(e.getKey()) + " " + change(e.getValue(), other));
            }
        }
        for (String key : b.keySet()) {
            if (!a.containsKey(key)) {
                differences.add(name(key) + " was added");
            }
        }
        if (differences.isEmpty()) {
            return null;
        }
        return differences.get(0) + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more)" : "");
    }

    /** Entries keyed by key and path (or {@code rows}), valued by length and time (or the counts). */
    private static Map<String, String> parse(String fingerprint) {
        Map<String, String> entries = new TreeMap<>();
        for (String line : fingerprint.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith(ROWS + " ")) {
                entries.put(ROWS, line.substring(ROWS.length() + 1));
                continue;
            }
            int lastSpace = line.lastIndexOf(' ');
            int secondLast = line.lastIndexOf(' ', lastSpace - 1);
            if (secondLast < 0) {
                entries.put(line, "");
                continue;
            }
            entries.put(line.substring(0, secondLast), line.substring(secondLast + 1));
        }
        return entries;
    }

    /** A file's entry key as messages name it: its key and file name. */
    private static String name(String key) {
        int space = key.indexOf(' ');
        return space < 0 ? key : key.substring(0, space) + " " + new Path(key.substring(space + 1)).getName();
    }

    private static String change(String before, String now) {
        String[] a = before.split(" ");
        String[] b = now.split(" ");
        if (a.length != 2 || b.length != 2) {
            return "changed";
        }
        if (!a[0].equals(b[0])) {
            return "changed length (" + a[0] + " bytes, now " + b[0] + ")";
        }
        return "was modified (" + time(a[1]) + ", now " + time(b[1]) + ")";
    }

    private static String time(String millis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis)).toString();
        } catch (NumberFormatException e) {
            return millis;
        }
    }
}
