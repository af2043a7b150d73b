package dev.lrsweep.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.SparkSession;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for the {@code lrsweep} process: instead of the JVM's default (shutdown hooks, in which Spark
 * stops its context under the running jobs and logs their failure at length), the first signal cancels the Spark
 * jobs, and keeps cancelling any that start, so that the command fails at once; it then ends with the command's
 * one line ({@link #report}) and exit code 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). A command
 * that does not stop within {@link #GRACE_MILLIS}, or a second signal, ends the JVM straight away with that line.
 */
final class Interrupts {
    /** How long a command gets to stop after the first signal. */
    static final long GRACE_MILLIS = 15_000;
    private static final long CANCEL_EVERY_MILLIS = 200;
    /** How long the end waits for the cancelled tasks to stop. */
    private static final long TASKS_MILLIS = 8_000;

    private static final AtomicReference<Signal> RECEIVED = new AtomicReference<>();
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static volatile Supplier<String> report = () -> "interrupted";
    private static volatile PrintStream err = System.err;

    private Interrupts() {
    }

    /** Handles SIGINT and SIGTERM from now on; {@code err} gets the line. */
    static void install(PrintStream err) {
        Interrupts.err = err;
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), Interrupts::received);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal for itself (-Xrs): its default stays
            }
        }
    }

    /** What the running command says when a signal ends it (without the {@code lrsweep: } prefix). */
    static void report(Supplier<String> line) {
        report = line;
    }

    /** The signal that arrived, or null. */
    static Signal received() {
        return RECEIVED.get();
    }

    /** The exit code for the signal that arrived: 128 + its number. */
    static int exitCode() {
        Signal s = RECEIVED.get();
        return s == null ? 1 : 128 + s.getNumber();
    }

    /** The command's line the first time it is asked for, however many threads ask; then null. */
    static String takeReport() {
        if (!REPORTED.compareAndSet(false, true)) {
            return null;
        }
        try {
            return report.get();
        } catch (RuntimeException e) {
            return "interrupted";
        }
    }

    private static void printReport(PrintStream to) {
        String line = takeReport();
        if (line != null) {
            to.println("lrsweep: " + line);
            to.flush();
        }
    }

    private static void received(Signal signal) {
        if (!RECEIVED.compareAndSet(null, signal)) {
            printReport(err);
            Runtime.getRuntime().halt(exitCode());
        }
        Thread stopper = new Thread(() -> {
            long deadline = System.nanoTime() + GRACE_MILLIS * 1_000_000;
            while (System.nanoTime() < deadline) {
                cancelSparkJobs();
                try {
                    Thread.sleep(CANCEL_EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            printReport(err);
            Runtime.getRuntime().halt(exitCode());
        }, "lrsweep-interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * After a signal: waits (a few seconds at most) for the cancelled jobs' tasks to notice and stop, so that Spark
     * is not stopped under them, which makes it report their failures at length.
     */
    static void awaitCancelledTasks() {
        long deadline = System.nanoTime() + TASKS_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline && runningTasks() > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int runningTasks() {
        try {
            scala.Option<SparkSession> session = SparkSession.getDefaultSession();
            if (session.isEmpty() || session.get().sparkContext().isStopped()) {
                return 0;
            }
            int running = 0;
            for (SparkExecutorInfo e : session.get().sparkContext().statusTracker().getExecutorInfos()) {
                running += e.numRunningTasks();
            }
            return running;
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    private static void cancelSparkJobs() {
        try {
            scala.Option<SparkSession> session = SparkSession.getDefaultSession();
            if (session.isDefined()) {
                SparkContext sc = session.get().sparkContext();
                if (!sc.isStopped()) {
                    sc.cancelAllJobs();
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no Spark, or it is stopping: nothing to cancel
        }
    }
}
