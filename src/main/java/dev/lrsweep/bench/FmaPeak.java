package dev.lrsweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This JVM's FP64 peak, measured: twelve independent chains of fused multiply-adds on full vectors, in registers,
 * with no loads, run on every core at once. It reaches what the cores do at the clock they run at, boost
 * included, and it does not depend on knowing how wide the FMA units are. Loaded only when the Vector API
 * module is present ({@link Peak#of}).
 */
final class FmaPeak {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Chains: enough to cover two FMA pipes × their latency on any current core. */
    private static final int CHAINS = 12;
    private static final int ROUND = 1 << 20;
    /** Timed rounds per thread, about 0.4 s in all: the best of many rides out a moment of contention. */
    private static final int ROUNDS = 96;
    /** Where the chains' sums go, so that C2 cannot drop them. */
    @SuppressWarnings("unused")
    private static volatile double result;

    private FmaPeak() {
    }

    /** The vector width the loop ran at. */
    static int lanes() {
        return SPECIES.length();
    }

    /**
     * GFLOP/s per core: {@code threads} threads run the loop together; each times its rounds after a warm-up and
     * keeps its best, and the result is the mean of the threads' best.
     */
    static double perCoreGflops(int threads) throws InterruptedException {
        double[] best = new double[threads];
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            Thread worker = new Thread(() -> best[slot] = bestRound(start), "lrsweep-peak-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double sum = 0;
        for (double b : best) {
            sum += b;
        }
        return sum / threads;
    }

    private static double bestRound(CyclicBarrier start) {
        double sink = 0;
        for (int i = 0; i < 40; i++) {
            sink += chains(ROUND / 16);
        }
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double best = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            sink += chains(ROUND);
            long t1 = System.nanoTime();
            best = Math.max(best, (double) ROUND * CHAINS * SPECIES.length() * 2 / (t1 - t0));
        }
        result = sink;
        return best;
    }

    /** {@code n} rounds of {@link #CHAINS} FMAs on full vectors, and the sum of the chains. */
    private static double chains(int n) {
        DoubleVector m = DoubleVector.broadcast(SPECIES, 0.9999999);
        DoubleVector c = DoubleVector.broadcast(SPECIES, 1e-9);
        DoubleVector a0 = DoubleVector.broadcast(SPECIES, 1.0);
        DoubleVector a1 = DoubleVector.broadcast(SPECIES, 2.0);
        DoubleVector a2 = DoubleVector.broadcast(SPECIES, 3.0);
        DoubleVector a3 = DoubleVector.broadcast(SPECIES, 4.0);
        DoubleVector a4 = DoubleVector.broadcast(SPECIES, 5.0);
        DoubleVector a5 = DoubleVector.broadcast(SPECIES, 6.0);
        DoubleVector a6 = DoubleVector.broadcast(SPECIES, 7.0);
        DoubleVector a7 = DoubleVector.broadcast(SPECIES, 8.0);
        DoubleVector a8 = DoubleVector.broadcast(SPECIES, 9.0);
        DoubleVector a9 = DoubleVector.broadcast(SPECIES, 10.0);
        DoubleVector a10 = DoubleVector.broadcast(SPECIES, 11.0);
        DoubleVector a11 = DoubleVector.broadcast(SPECIES, 12.0);
        for (int i = 0; i < n; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
