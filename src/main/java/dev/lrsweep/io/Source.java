package dev.lrsweep.io;

import dev.lrsweep.sweep.DataException;

/**
 * Where a data set comes from, for messages: the sweep-file key and the path.
 *
 * @param key  {@code data.path} or {@code data.validation}
 * @param path the path or URI as the sweep file gives it
 */
public record Source(String key, String path) {

    /** A data problem about this source, as one line. */
    public DataException problem(String what) {
        return new DataException(key + " " + path + ": " + what);
    }
}
