package dev.lrsweep.spark;

import dev.lrsweep.io.Errors;
import dev.lrsweep.sweep.ConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A sweep's output directory on any Hadoop file system. A run writes into a staging directory next to it
 * ({@code <output>.staging-<random>}) and commits by renaming that into place, so a failed run leaves earlier
 * results untouched and readers never see half-written tables.
 *
 * <p>lrsweep replaces only what it wrote: an existing output is replaced with {@code --overwrite} when it
 * carries the {@value #MARKER} marker (or is empty); any other non-empty directory is refused whatever the flags.
 */
public final class OutputDirectory {
    /** The file that marks a directory as lrsweep's results. */
    public static final String MARKER = "_LRSWEEP";
    /** The message {@code --resume} gets until sweeps commit in waves. */
    public static final String RESUME_NOT_AVAILABLE = "--resume needs wave commits, which this version does not have yet";

    private final FileSystem fs;
    private final Path path;
    private final String given;

    private OutputDirectory(FileSystem fs, Path path, String given) {
        this.fs = fs;
        this.path = path;
        this.given = given;
    }

    /**
     * Checks that the sweep may write to {@code output}, before anything is read or written.
     *
     * @throws ConfigException with one line when it may not
     */
    public static OutputDirectory check(Configuration conf, String output, OutputMode mode) {
        if (mode == OutputMode.RESUME) {
            throw new ConfigException(RESUME_NOT_AVAILABLE);
        }
        try {
            Path p = new Path(output);
            FileSystem fs = p.getFileSystem(conf);
            p = fs.makeQualified(p);
            if (p.getParent() == null) {
                throw new ConfigException("output " + output + " is the root of a file system; choose a directory");
            }
            OutputDirectory dir = new OutputDirectory(fs, p, output);
            dir.mayReplace(mode);
            return dir;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("output " + output + " cannot be checked: " + Errors.oneLine(e), e);
        }
    }

    /** The qualified output path. */
    public Path path() {
        return path;
    }

    private void mayReplace(OutputMode mode) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return;
        }
        if (!status.isDirectory()) {
            throw new ConfigException("output " + given + " exists and is a file; lrsweep writes a directory there,"
                    + " so choose another --output");
        }
        boolean marked = fs.exists(new Path(path, MARKER));
        if (!marked && fs.listStatus(path).length > 0) {
            throw new ConfigException("output " + given + " exists and is not an lrsweep results directory (no "
                    + MARKER + " marker); lrsweep will not replace it, even with --overwrite");
        }
        if (mode != OutputMode.OVERWRITE) {
            throw new ConfigException("output " + given + " already exists" + (marked ? " and holds lrsweep results" : "")
                    + "; pass --overwrite to replace it, or choose another --output");
        }
    }

    /** Creates a fresh staging directory next to the output. */
    public Path createStaging() {
        Path staging = sibling("staging");
        try {
            if (!fs.mkdirs(staging)) {
                throw new IOException("mkdirs returned false");
            }
            return staging;
        } catch (IOException e) {
            throw new ConfigException("output " + given + ": cannot create the staging directory " + staging + ": "
                    + Errors.oneLine(e), e);
        }
    }

    /** Writes a small UTF-8 text file. */
    public void writeText(Path file, String text) {
        try (OutputStream out = fs.create(file, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Moves the staging directory into place. An earlier result (checked again: marked or empty) is first moved
     * aside, and deleted only once the new one is in place; if the move fails, it is put back.
     */
    public void commit(Path staging, OutputMode mode) {
        try {
            Path aside = null;
            if (fs.exists(path)) {
                mayReplace(mode);
                aside = sibling("replaced");
                if (!fs.rename(path, aside)) {
                    throw new IOException("cannot move the earlier results aside to " + aside);
                }
            }
            if (!fs.rename(staging, path)) {
                if (aside != null) {
                    fs.rename(aside, path);
                }
                throw new IOException("cannot rename " + staging + " to " + path);
            }
            if (aside != null) {
                fs.delete(aside, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("output " + given + ": the commit failed: " + e.getMessage(), e);
        }
    }

    /** Deletes a staging directory after a failed run; best effort. */
    public void discard(Path staging) {
        try {
            fs.delete(staging, true);
        } catch (IOException | RuntimeException e) {
            // Nothing more to do: the name says what it is.
        }
    }

    private Path sibling(String kind) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return new Path(path.getParent(), path.getName() + "." + kind + "-" + HexFormat.of().formatHex(random));
    }
}
