package dev.lrsweep.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which blocks visit which shards in a round. */
class RoundPlanTest {

    @Test
    @DisplayName("a round takes at most ⌈blocks / shards⌉ blocks at one shard, those with the most visits left first")
    void aRoundSpreadsTheBlocksOverTheShards() {
        List<RoundPlan.Next> next = List.of(new RoundPlan.Next(0, 1, 3), new RoundPlan.Next(1, 1, 9),
                new RoundPlan.Next(2, 1, 5), new RoundPlan.Next(3, 0, 1));
        List<RoundPlan.Next> chosen = RoundPlan.choose(next, 2);
        assertEquals(List.of(next.get(1), next.get(2), next.get(3)), chosen, "block 0 waits a round");
        assertEquals(List.of(next.get(0)), RoundPlan.choose(List.of(next.get(0)), 4));
    }
}
