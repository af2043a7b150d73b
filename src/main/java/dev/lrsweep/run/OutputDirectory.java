package dev.lrsweep.run;

import dev.lrsweep.errors.ConfigException;
import dev.lrsweep.errors.Errors;
import dev.lrsweep.results.ResultsDirectory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A sweep's output directory on any Hadoop file system. A run writes into a staging directory (inside its
 * {@link WorkDirectory}) and commits by renaming that into place, so a failed run leaves earlier results
 * untouched and readers never see half-written tables.
 *
 * <p>lrsweep replaces only what it wrote: an existing output is replaced with {@code --overwrite} when it
 * carries the {@value #MARKER} marker (or is empty); any other non-empty directory is refused whatever the flags.
 */
public final class OutputDirectory {
    /** The file that marks a directory as lrsweep's results. */
    public static final String MARKER = ResultsDirectory.MARKER;

    private final FileSystem fs;
    private final Path path;
    private final String given;

    private OutputDirectory(FileSystem fs, Path path, String given) {
        this.fs = fs;
        this.path = path;
        this.given = given;
    }

    /**
     * Checks that the sweep may write to {@code output}, before anything is read or written. With
     * {@link OutputMode#RESUME} only that it is a place for a directory: whether an existing output may be replaced
     * depends on how the interrupted run started ({@link #checkReplace}).
     *
     * @throws ConfigException with one line when it may not
     */
    public static OutputDirectory check(Configuration conf, String output, OutputMode mode) {
        try {
            Path p = new Path(output);
            FileSystem fs = p.getFileSystem(conf);
            p = fs.makeQualified(p);
            if (p.getParent() == null) {
                throw new ConfigException("output " + output + " is the root of a file system; choose a directory");
            }
            OutputDirectory dir = new OutputDirectory(fs, p, output);
            if (mode == OutputMode.RESUME) {
                dir.mustBeDirectory();
            } else {
                dir.mayReplace(mode);
            }
            return dir;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("output " + output + " cannot be checked: " + Errors.oneLine(e), e);
        }
    }

    /** The qualified output path. */
    public Path path() {
        return path;
    }

    /** The output as the user gave it. */
    String given() {
        return given;
    }

    /** The file system it lives on. */
    FileSystem fileSystem() {
        return fs;
    }

    /**
     * Checks, with one line, that an existing output may be replaced in this mode ({@link OutputMode#NEW}: only
     * when there is none).
     */
    void checkReplace(OutputMode mode) {
        try {
            mayReplace(mode);
        } catch (IOException e) {
            throw new ConfigException("output " + given + " cannot be checked: " + Errors.oneLine(e), e);
        }
    }

    /**
     * The text of a file in the output when the output is lrsweep's results directory (it carries the marker),
     * else null.
     */
    String readIfResults(String name) {
        try {
            if (!fs.exists(new Path(path, MARKER))) {
                return null;
            }
            try (InputStream in = fs.open(new Path(path, name))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException("output " + given + " cannot be read: " + Errors.oneLine(e), e);
        }
    }

    private FileStatus mustBeDirectory() throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        }
        if (!status.isDirectory()) {
            throw new ConfigException("output " + given + " exists and is a file; lrsweep writes a directory there,"
                    + " so choose another --output");
        }
        return status;
    }

    private void mayReplace(OutputMode mode) throws IOException {
        if (mustBeDirectory() == null) {
            return;
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

    private Path sibling(String kind) {
        return new Path(path.getParent(), path.getName() + "." + kind + "-" + WorkDirectory.random());
    }
}
