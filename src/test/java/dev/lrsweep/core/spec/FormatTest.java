package dev.lrsweep.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.core.data.SplitMix64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({
        "1e-4, 1e-04",
        "0.001, 0.001",
        "3e-05, 3e-05",
        "2.5e-05, 2.5e-05",
        "1e-08, 1e-08",
        "0.5, 0.5",
        "500, 500",
        "0, 0",
        "-0.0, 0",
        "-2.5e-05, -2.5e-05",
        "-3, -3",
        "0.30000000000000004, 0.30000000000000004",
        "1e20, 1e20",
    })
    @DisplayName("a number is written short, with a two-digit negative exponent and no trailing .0")
    void aNumberIsWrittenShort(double value, String expected) {
        assertEquals(expected, Format.number(value));
    }

    @Test
    @DisplayName("every number written reads back as the same double")
    void everyNumberWrittenReadsBackAsTheSameDouble() {
        SplitMix64 random = new SplitMix64(2024);
        for (int i = 0; i < 10_000; i++) {
            double d = (random.nextDouble() - 0.5) * StrictMath.pow(10, random.nextInt(40) - 20);
            String s = Format.number(d);
            assertEquals(d, Double.parseDouble(s), s);
        }
        for (double d : new double[] {Double.MIN_VALUE, Double.MAX_VALUE, 1e15, 1e15 + 1, 123456789.25, 1e-300}) {
            assertEquals(d, Double.parseDouble(Format.number(d)), Format.number(d));
        }
    }

    @Test
    @DisplayName("lists, flags and text are written as a sweep file would write them")
    void listsFlagsAndTextAreWrittenAsASweepFileWould() {
        assertEquals("[0.9,0.999]", Format.value(List.of(0.9, 0.999)));
        assertEquals("[]", Format.value(List.of()));
        assertEquals("true", Format.value(true));
        assertEquals("triangular2", Format.value("triangular2"));
        assertEquals("500", Format.value(500.0));
    }

    @Test
    @DisplayName("a call lists its parameters in order, or is the bare type without any")
    void aCallListsItsParametersInOrder() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("step_size", 500.0);
        params.put("gamma", 0.5);
        assertEquals("step(step_size=500,gamma=0.5)", Format.call("step", params));
        assertEquals("adamw", Format.call("adamw", Map.of()));
    }
}
