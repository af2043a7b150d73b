package dev.lrsweep.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A class that records being loaded and initialised: a file system, so that Hadoop could instantiate it if a
 * sweep file ever managed to name it ({@code fs.file.impl}, {@code io.compression.codecs}, a format or a model).
 * {@link SweepFileLoadsNoCodeTest} names it everywhere a sweep file holds a string and checks it never loads.
 */
public class Tripwire extends RawLocalFileSystem {
    /** Set when the class is initialised; a separate class, so that reading it does not initialise Tripwire. */
    public static final class Tripped {
        public static final AtomicBoolean TRIPPED = new AtomicBoolean();

        private Tripped() {
        }
    }

    static {
        Tripped.TRIPPED.set(true);
    }
}
