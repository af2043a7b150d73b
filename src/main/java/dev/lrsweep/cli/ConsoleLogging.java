package dev.lrsweep.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * The console's logging under {@code --stacktrace}. {@code conf/log4j2.properties} prints no stack traces and leaves
 * out Spark's reports of failed tasks and jobs, whose failure lrsweep reports itself in one line; it reads three
 * system properties, which {@code --stacktrace} sets before reloading it, to show them.
 */
final class ConsoleLogging {
    /** How much of an exception a log line shows: {@code none} by default, {@code full} with --stacktrace. */
    static final String TRACES = "lrsweep.log.traces";
    /** The level of Spark's task and job failure reports: {@code off} by default, {@code warn} with --stacktrace. */
    static final String FAILURES = "lrsweep.log.failures";
    /** What becomes of Spark's "Aborting task" lines: {@code DENY} by default, {@code NEUTRAL} with --stacktrace. */
    static final String ABORTING = "lrsweep.log.aborting";

    private ConsoleLogging() {
    }

    static void showTraces() {
        System.setProperty(TRACES, "full");
        System.setProperty(FAILURES, "warn");
        System.setProperty(ABORTING, "NEUTRAL");
        try {
            if (LogManager.getContext(false) instanceof LoggerContext context) {
                context.reconfigure();
            }
        } catch (RuntimeException | LinkageError e) {
            // another logging backend: its own configuration stands
        }
    }
}
