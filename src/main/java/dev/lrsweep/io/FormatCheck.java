package dev.lrsweep.io;

import dev.lrsweep.errors.DataException;
import dev.lrsweep.errors.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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
 * data files. Of the text formats, libsvm is checked by the first line of the first file ({@link #checkLibsvm}),
 * which also tells when CSV files hold libsvm lines ({@link #libsvmHint}).
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

    /**
     * Refuses libsvm data whose first line (blank lines and {@code #} comments aside) is not
     * {@code label index:value …}, naming the file, the line and what the files look like instead.
     */
    static void checkLibsvm(FileSystem fs, FileStatus[] found, Source source, Map<String, String> options) {
        FirstLine first = firstLine(fs, found, source, options);
        if (first == null || LIBSVM_LINE.matcher(first.text().strip()).matches()) {
            return;
        }
        String text = first.text().strip();
        String looks = text.startsWith("{") ? "JSON lines (data.format: json)"
                : text.contains(",") || text.contains(";") || text.contains("\t") ? "CSV (data.format: csv)" : null;
        throw new DataException(source.key() + " " + source.path() + " cannot be read as libsvm: " + where(first, source)
                + " is not 'label index:value …' but '" + shortened(text) + "'"
                + (looks == null ? "; set data.format to the files' format" : "; the files look like " + looks));
    }

    /**
     * For CSV data that Spark could not use: {@code " (… look like libsvm …)"} when the first line is a libsvm
     * line, else the empty string.
     */
    static String libsvmHint(FileSystem fs, FileStatus[] found, Source source, Map<String, String> options) {
        try {
            FirstLine first = firstLine(fs, found, source, options);
            return first != null && LIBSVM_LINE.matcher(first.text().strip()).matches() && first.text().contains(":")
                    ? "; the files look like libsvm (" + where(first, source) + " is '"
                    + shortened(first.text().strip()) + "'): set data.format: libsvm"
                    : "";
        } catch (DataException e) {
            return "";
        }
    }

    /** A libsvm line as Spark parses it (stripped): a number, then index:value pairs separated by spaces. */
    private static final Pattern LIBSVM_LINE = Pattern.compile("[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?(?: +[0-9]+:[^ ]+)*");
    /** How much of a file is read to find its first line. */
    private static final int FIRST_BYTES = 64 * 1024;

    private record FirstLine(Path file, int number, String text) {
    }

    /** The first line of the first data file that is neither blank nor a {@code #} comment; null when there is none. */
    private static FirstLine firstLine(FileSystem fs, FileStatus[] found, Source source, Map<String, String> options) {
        try {
            FileStatus file = firstFile(fs, found, globFilter(options));
            if (file == null || COMPRESSED.matcher(file.getPath().getName()).matches()) {
                return null;
            }
            byte[] head = new byte[(int) Math.min(FIRST_BYTES, file.getLen())];
            try (FSDataInputStream in = fs.open(file.getPath())) {
                in.readFully(0, head);
            }
            String[] lines = new String(head, StandardCharsets.UTF_8).split("\\r?\\n", -1);
            for (int i = 0; i < lines.length - (head.length == file.getLen() ? 0 : 1); i++) {
                if (!lines[i].isBlank() && !lines[i].strip().startsWith("#")) {
                    return new FirstLine(file.getPath(), i + 1, lines[i]);
                }
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(source.key() + " " + source.path() + " cannot be read: " + Errors.oneLine(e), e);
        }
    }

    private static final Pattern COMPRESSED = Pattern.compile(".*\\.(gz|bz2|deflate|snappy|lz4|zst|xz)$");

    /** The first file Spark would read, by name within each directory; null when there is none. */
    private static FileStatus firstFile(FileSystem fs, FileStatus[] found, GlobFilter filter) throws IOException {
        for (FileStatus root : found) {
            if (root.isFile()) {
                if (root.getLen() > 0) {
                    return root;
                }
                continue;
            }
            FileStatus first = null;
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root.getPath(), true);
            while (files.hasNext()) {
                LocatedFileStatus f = files.next();
                if (f.getLen() > 0 && !hidden(root.getPath(), f.getPath())
                        && (filter == null || filter.accept(f.getPath()))
                        && (first == null || f.getPath().compareTo(first.getPath()) < 0)) {
                    first = f;
                }
            }
            if (first != null) {
                return first;
            }
        }
        return null;
    }

    /** {@code line 3 of part-00000.csv}, or {@code line 3} when the data set is that one file. */
    private static String where(FirstLine first, Source source) {
        String name = source.name(first.file().toUri().toString());
        return "line " + first.number() + (name.isEmpty() ? "" : " of " + name);
    }

    private static String shortened(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "…";
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
