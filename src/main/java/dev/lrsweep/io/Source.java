package dev.lrsweep.io;

import dev.lrsweep.errors.DataException;

/**
 * Where a data set comes from, for messages: the sweep-file key and the path.
 *
 * @param key  {@code data.path} or {@code data.validation}
 * @param path the path or URI as the sweep file gives it
 */
public record Source(String key, String path) {

    /**
     * A file of this source as messages name it: {@code part-00000.csv} within a directory given as the path,
     * nothing ({@code ""}) for the path itself, else the file's path (a local one without its scheme).
     *
     * @param file a file's URI or path, as Spark or Hadoop give it
     */
    public String name(String file) {
        String path;
        try {
            path = java.net.URI.create(file.replace(" ", "%20")).getPath();
        } catch (IllegalArgumentException e) {
            return file;
        }
        String root = new org.apache.hadoop.fs.Path(this.path).toUri().getPath().replaceAll("/+$", "");
        if (path == null || root.isEmpty()) {
            return file;
        }
        if (path.equals(root) || path.endsWith("/" + root)) {
            return "";
        }
        int at = path.indexOf(root.startsWith("/") ? root + "/" : "/" + root + "/");
        if (at >= 0) {
            return path.substring(at + root.length() + (root.startsWith("/") ? 1 : 2));
        }
        return file.startsWith("file:") ? path : file;
    }

    /** A data problem about this source, as one line. */
    public DataException problem(String what) {
        return new DataException(key + " " + path + ": " + what);
    }
}
