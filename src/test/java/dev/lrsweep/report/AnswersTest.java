package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnswersTest {
    @Test
    @DisplayName("the answer opens with the console's line about the best trial")
    void theAnswerOpensWithTheConsolesLine() {
        SweepReport s = Fixtures.sweep("demo", 21);
        assertEquals("Best trial: t0-0-0 (lr 0.001, sgd, constant, batch 32): final_val_loss 0.5, slow",
                s.answer().text());
    }

    @Test
    @DisplayName("the table has a row per group: largest stable and where divergence starts, or the recommended and first unstable rates when the summary has them")
    void theTableHasARowPerGroup() {
        SweepReport s = Fixtures.sweep("demo", 21);
        assertEquals(List.of("optimizer", "schedule", "batch size", "largest stable", "diverges from", "best trial"),
                s.answer().header());
        assertEquals(List.of("sgd", "constant", "32", "0.1", "1", "α 0.1, ok"), s.answer().rows().get(0));
        assertEquals("no rate tried diverged", s.answer().rows().get(1).get(4));

        List<GroupRow> planned = List.of(new GroupRow("g0", "sgd", "constant", 32, 8, 0.1, 1, 0.03, 0.3, "oscillating",
                "t0-0-0", List.of("the best rate is the smallest tried: extend the ladder down")));
        Answer a = Answers.fromTables(planned, s.trials(), "final_val_loss");
        assertEquals(List.of("optimizer", "schedule", "batch size", "recommended", "largest stable", "first unstable",
                "best trial", "notes"), a.header());
        assertEquals(List.of("sgd", "constant", "32", "0.03", "0.1", "0.3 (oscillating)", "α 0.001, slow",
                "the best rate is the smallest tried: extend the ladder down"), a.rows().get(0));
        assertEquals("Best trial: t0-0-0 (lr 0.001, sgd, constant, batch 32): final_val_loss 0.5, slow\n"
                + "sgd | constant | batch 32: the best rate is the smallest tried: extend the ladder down", a.text());
    }
}
