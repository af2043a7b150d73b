package dev.lrsweep.io;

import dev.lrsweep.sweep.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Checks on the driver, before Spark reads anything, that the data files of a binary format are that format:
 * a Parquet file ends with {@code PAR1}, an ORC file starts with {@code ORC}. A directory full of other data
 * (CSV, text, the other binary format) is then refused with one line naming the first file that is not, instead
 * of a failed Spark task and its error log. Only the magic bytes are read, of the first {@value #MAX_FILES}
 * data files; the text formats (csv, json, libsvm) have no magic to check.
 */
final class FormatCheck {
    /** How many data files are checked; beyond them Spark's own reading reports a bad file. */
    static final int MAX_FILES = 64;

    private static final byte[] PARQUET = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ORC = "ORC".getBytes(StandardCharsets.US_ASCII);

    private FormatCheck() {
    }

    /**
     * @param found   the data set's paths (its glob expanded)
     * @param options the reader options ({@code pathGlobFilter} narrows the files Spark reads)
     */
    static void check(FileSystem fs, FileStatus[] found, Source source, String format, Map<String, String> options) {
        if (!format.equals("parquet") && !format.equals("orc") || option(options, "ignoreCorruptFiles", "false")
                .equalsIgnoreCase("true")) {
            return; // no magic to check, or Spark is told to skip the files that are not the format
        }
        try {
            GlobFilter filter = globFilter(options);
            int checked = 0;
            for (FileStatus root : found) {
                if (root.isFile()) {
                    checked += checkFile(fs, root, source, format, null);
                    continue;
                }
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(root.getPath(), true);
                while (files.hasNext() && checked < MAX_FILES) {
                    LocatedFileStatus f = files.next();
                    if (!hidden(root.getPath(), f.getPath())) {
                        checked += checkFile(fs, f, source, format, filter);
                    }
                }
                if (checked >= MAX_FILES) {
                    return;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(source.key() + " " + source.path() + " cannot be listed: " + Errors.oneLine(e), e);
        }
    }

    /** Returns 1 when the file was checked, 0 when it is not a data file Spark would read. */
    private static int checkFile(FileSystem fs, FileStatus f, Source source, String format, GlobFilter filter)
            throws IOException {
        if (f.getLen() == 0 || filter != null && !filter.accept(f.getPath())) {
            return 0;
        }
        boolean parquet = format.equals("parquet");
        byte[] magic = parquet ? PARQUET : ORC;
        byte[] found = new byte[magic.length];
        if (f.getLen() >= magic.length) {
            try (FSDataInputStream in = fs.open(f.getPath())) {
                in.readFully(parquet ? f.getLen() - magic.length : 0, found);
            }
        }
        if (!Arrays.equals(magic, found)) {
            throw new DataException(source.key() + " " + source.path() + " cannot be read as " + format + ": "
                    + f.getPath() + " is not a"
                    + (parquet ? " Parquet file (it does not end with PAR1)" : "n ORC file (it does not start with ORC)")
                    + "; set data.format to the files' format");
        }
        return 1;
    }

    /** Spark skips files and directories whose names start with _ (but for partitions, a=b) or . (markers, checksums). */
    private static boolean hidden(Path root, Path file) {
        int rootDepth = root.depth();
        for (Path p = file; p != null && p.depth() > rootDepth; p = p.getParent()) {
            String name = p.getName();
            if (name.startsWith("_") && !name.contains("=") || name.startsWith(".") || name.endsWith("._COPYING_")) {
                return true;
            }
        }
        return false;
    }

    private static GlobFilter globFilter(Map<String, String> options) throws IOException {
        String glob = option(options, "pathGlobFilter", null);
        return glob == null ? null : new GlobFilter(glob);
    }

    /** A reader option's value; Spark matches option names without regard to case. */
    private static String option(Map<String, String> options, String name, String fallback) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return fallback;
    }
}
