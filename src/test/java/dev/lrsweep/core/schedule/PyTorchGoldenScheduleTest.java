package dev.lrsweep.core.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.core.Golden;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schedule variant against the rates PyTorch's schedulers gave, from step 0 to the last step. */
class PyTorchGoldenScheduleTest {

    static Stream<Arguments> cases() {
        return Golden.list("schedule_cases").stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("a schedule gives PyTorch's rate at every step to 1e-12")
    void aScheduleGivesPyTorchsRateAtEveryStep(String name, JsonNode c) {
        long total = c.get("total_steps").asLong();
        Schedule s = Schedules.create(Golden.spec(c.get("schedule")), c.get("learning_rate").asDouble(), total)
                .schedule();
        JsonNode lr = c.get("lr");
        assertTrue(lr.size() == total);
        for (int k = 0; k < total; k++) {
            double expected = lr.get(k).asDouble();
            double actual = s.rate(k);
            double error = Math.abs(actual - expected);
            assertTrue(error <= 1e-12 * Math.abs(expected) || error == 0,
                    name + " at k=" + k + ": " + actual + " vs PyTorch " + expected);
        }
    }
}
