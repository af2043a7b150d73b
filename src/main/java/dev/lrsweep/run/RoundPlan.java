package dev.lrsweep.run;

import dev.lrsweep.core.train.ShardedEpochs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which blocks visit which shard in a round. Each block's next shard is fixed by its batch order; a round takes
 * every block that has visits left, at most ⌈blocks / shards⌉ at any one shard (so that the blocks spread over
 * the shards and their executors rather than queue at one), the blocks with the most visits left first. A block
 * left out waits for the next round: that costs time, never changes a result.
 */
final class RoundPlan {
    private RoundPlan() {
    }

    /** One block's next visit: its shard and how many visits it has left, itself included. */
    record Next(int block, int shard, long left) {
    }

    /** The blocks (indices into {@code next}) that visit in this round, and the shards they visit. */
    static List<Next> choose(List<Next> next, int shards) {
        int capacity = Math.max(1, (next.size() + shards - 1) / shards);
        List<Next> byWork = new ArrayList<>(next);
        byWork.sort(Comparator.comparingLong(Next::left).reversed().thenComparingInt(Next::block));
        int[] load = new int[shards];
        List<Next> chosen = new ArrayList<>();
        for (Next n : byWork) {
            if (load[n.shard()] < capacity) {
                load[n.shard()]++;
                chosen.add(n);
            }
        }
        chosen.sort(Comparator.comparingInt(Next::block));
        return chosen;
    }

    /** The visits a block has left: up to the one that trains its last update. */
    static long visitsLeft(ShardedEpochs epochs, long nextVisit, long totalSteps) {
        return epochs.visitOf(totalSteps - 1) + 1 - nextVisit;
    }
}
