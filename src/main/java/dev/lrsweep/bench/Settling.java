package dev.lrsweep.bench;

import java.util.function.DoubleSupplier;

/**
 * Repeats an untimed round until the JIT has compiled what it runs: until a round's figure (a time) is within a
 * tolerance of the round before, after a least number of rounds and a least time, or for at most a given time on
 * a machine too noisy to settle. The Vector API runs in the interpreter, and a trainer's loop with uncompiled
 * branches, many times slower until then.
 */
final class Settling {
    /** How the rounds went: how many ran, for how long, and whether the last two agreed. */
    record Result(int rounds, double seconds, boolean settled) {
    }

    private Settling() {
    }

    /**
     * @param round     runs one round and returns its figure, a positive time
     * @param tolerance the largest relative difference of two rounds in a row that counts as settled
     */
    static Result untilSteady(DoubleSupplier round, double tolerance, int minRounds, long minNanos, long maxNanos) {
        long started = System.nanoTime();
        double previous = Double.NaN;
        for (int rounds = 1; ; rounds++) {
            double figure = round.getAsDouble();
            long elapsed = System.nanoTime() - started;
            boolean settled = rounds >= minRounds && elapsed >= minNanos
                    && Math.abs(figure - previous) <= tolerance * previous;
            if (settled || elapsed >= maxNanos) {
                return new Result(rounds, elapsed / 1e9, settled);
            }
            previous = figure;
        }
    }
}
