package dev.lrsweep.run;

import java.io.PrintWriter;
import org.apache.spark.util.LongAccumulator;

/**
 * The progress line while trials run, from a driver thread that polls the tasks' accumulators:
 * {@code trials 37/120 done, 5 diverged, ETA 0:41}. Printed when the count changes, and once more at the end.
 * Spark merges a task's accumulator updates when the task ends, so the count moves a slice of trials at a time.
 * A resumed run counts the trials of the committed waves as done, and its ETA from its own pace.
 */
final class Progress implements AutoCloseable {
    private final PrintWriter out;
    private final int total;
    private final long base;
    private final long baseDiverged;
    private final LongAccumulator done;
    private final LongAccumulator diverged;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;
    private long lastPrinted = -1;

    /**
     * @param base         trials done before this run (in committed waves)
     * @param baseDiverged how many of those diverged
     */
    Progress(PrintWriter out, int total, long base, long baseDiverged, LongAccumulator done, LongAccumulator diverged,
             long intervalMillis) {
        this.out = out;
        this.total = total;
        this.base = base;
        this.baseDiverged = baseDiverged;
        this.done = done;
        this.diverged = diverged;
        this.thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (!stopped) {
                    report(false);
                }
            }
        }, "lrsweep-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void report(boolean last) {
        long n = Math.min(total, base + done.value());
        if (n == lastPrinted && !last) {
            return;
        }
        lastPrinted = n;
        double elapsed = (System.nanoTime() - started) / 1e9;
        String time = last ? ", " + clock(elapsed) + " elapsed"
                : n == base ? "" : ", ETA " + clock(elapsed / (n - base) * (total - n));
        out.println("trials " + n + "/" + total + " done, " + Math.min(n, baseDiverged + diverged.value())
                + " diverged" + time);
        out.flush();
    }

    /** m:ss, or h:mm:ss from an hour. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report(true);
    }
}
