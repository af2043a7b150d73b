package dev.lrsweep.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpecTest {

    @Test
    @DisplayName("an unknown parameter is refused, naming it, with the closest known one and the full list")
    void anUnknownParameterIsRefusedWithADidYouMeanHint() {
        SpecException e = assertThrows(SpecException.class,
                () -> Optimizers.create(Spec.of("adam", "weight_decy", 0.1)));
        assertEquals("weight_decy", e.key());
        assertTrue(e.getMessage().contains("is not a parameter of adam"), e.getMessage());
        assertTrue(e.getMessage().contains("(did you mean weight_decay?)"), e.getMessage());
        assertTrue(e.getMessage().contains("it takes betas, eps, weight_decay, amsgrad"), e.getMessage());
    }

    @Test
    @DisplayName("an unknown parameter far from every known one gets no hint")
    void anUnknownParameterFarFromEveryKnownOneGetsNoHint() {
        SpecException e = assertThrows(SpecException.class,
                () -> Schedules.create(Spec.of("step", "step_size", 5, "temperature", 2), 0.1, 100));
        assertEquals("temperature", e.key());
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    @DisplayName("a parameter of the wrong type is refused with its name, the expected type and the value given")
    void aParameterOfTheWrongTypeIsRefusedWithItsName() {
        SpecException number = assertThrows(SpecException.class,
                () -> Optimizers.create(Spec.of("adam", "eps", "small")));
        assertEquals("eps", number.key());
        assertEquals("eps must be a number, got 'small'", number.getMessage());

        SpecException flag = assertThrows(SpecException.class,
                () -> Optimizers.create(Spec.of("adam", "amsgrad", 1)));
        assertEquals("amsgrad", flag.key());
        assertEquals("amsgrad must be true or false, got 1", flag.getMessage());

        SpecException list = assertThrows(SpecException.class,
                () -> Optimizers.create(Spec.of("adam", "betas", 0.9)));
        assertEquals("betas", list.key());
        assertEquals("betas must be a list of numbers, got 0.9", list.getMessage());

        SpecException whole = assertThrows(SpecException.class,
                () -> Schedules.create(Spec.of("step", "step_size", 2.5), 0.1, 100));
        assertEquals("step_size must be a whole number, got 2.5", whole.getMessage());

        SpecException choice = assertThrows(SpecException.class,
                () -> Schedules.create(Spec.of("one_cycle", "anneal_strategy", "cosine"), 0.1, 100));
        assertEquals("anneal_strategy must be one of cos, linear, got cosine", choice.getMessage());
    }

    @Test
    @DisplayName("a value that is no number, flag, text or list of numbers is refused when the spec is made")
    void anUnsupportedValueIsRefusedWhenTheSpecIsMade() {
        assertEquals("gamma", assertThrows(SpecException.class, () -> Spec.of("step", "gamma", new Object())).key());
        assertEquals("milestones",
                assertThrows(SpecException.class, () -> Spec.of("multistep", "milestones", List.of(1, "two"))).key());
        assertEquals("type", assertThrows(SpecException.class, () -> Spec.of(" ")).key());
        assertThrows(IllegalArgumentException.class, () -> Spec.of("step", "gamma"));
    }

    @Test
    @DisplayName("numbers of any boxed type become doubles, so specs written either way are equal")
    void numbersOfAnyBoxedTypeBecomeDoubles() {
        Spec ints = Spec.of("multistep", "milestones", List.of(10, 20), "gamma", 1);
        Spec doubles = new Spec("multistep", Map.of("milestones", List.of(10.0, 20.0), "gamma", 1.0));
        assertEquals(doubles, ints);
        assertEquals(doubles.hashCode(), ints.hashCode());
        assertEquals(1.0, ints.values().get("gamma"));
        assertNotEquals(ints, ints.with("gamma", 0.5));
        assertEquals(Spec.of("multistep", "gamma", 1), ints.without("milestones"));
        assertTrue(ints.has("milestones"));
    }

    @Test
    @DisplayName("the resolved form lists every parameter and the readable form only those that differ from defaults")
    void theResolvedFormListsEveryParameterAndTheReadableOnlyNonDefaults() {
        Schedules.Built step = Schedules.create(Spec.of("step", "step_size", 500, "gamma", 0.5), 1e-3, 1000);
        assertEquals("step(step_size=500,gamma=0.5)", step.readable());
        assertEquals(Spec.of("step", "step_size", 500, "gamma", 0.5), step.spec().spec());

        Schedules.Built defaultGamma = Schedules.create(Spec.of("step", "step_size", 500, "gamma", 0.1), 1e-3, 1000);
        assertEquals("step(step_size=500)", defaultGamma.readable(), "a default given explicitly is not repeated");

        Optimizers.Built adamw = Optimizers.create(Spec.of("adamw"));
        assertEquals("adamw", adamw.readable());
        assertEquals("adamw(betas=[0.9,0.999],eps=1e-08,weight_decay=0.01,amsgrad=false)",
                adamw.spec().spec().toString());

        Optimizers.Built adam = Optimizers.create(Spec.of("adam", "betas", List.of(0.8, 0.999), "eps", 1e-8));
        assertEquals("adam(betas=[0.8,0.999])", adam.readable());
    }

    @Test
    @DisplayName("a resolved spec rebuilt gives itself back, for optimizers and schedules")
    void aResolvedSpecRebuiltGivesItselfBack() {
        Spec resolved = Optimizers.create(Spec.of("rmsprop", "centered", true)).spec().spec();
        assertEquals(resolved, Optimizers.create(resolved).spec().spec());
        assertEquals("rmsprop(centered=true)", Optimizers.create(resolved).readable());

        Spec cyclic = Schedules.create(Spec.of("cyclic", "step_size_up", 10, "step_size_down", 30), 0.1, 100)
                .spec().spec();
        assertEquals(cyclic, Schedules.create(cyclic, 0.1, 100).spec().spec());
        assertEquals(30.0, cyclic.values().get("step_size_down"));
    }

    @Test
    @DisplayName("a problem nested under a prefix keeps its message and names the full path")
    void aProblemNestedUnderAPrefixNamesTheFullPath() {
        SpecException e = new SpecException("betas", "must lie in [0, 1), got [0.9,1]");
        SpecException nested = e.under("grid.optimizers[2].");
        assertEquals("grid.optimizers[2].betas", nested.key());
        assertEquals("grid.optimizers[2].betas must lie in [0, 1), got [0.9,1]", nested.getMessage());
    }

    @Test
    @DisplayName("the closest-name hint reaches a transposition but not an unrelated word")
    void theClosestNameHintReachesATranspositionButNotAnUnrelatedWord() {
        List<String> known = List.of("sgd", "momentum", "adam", "adamw");
        assertEquals("adam", Names.closest("adma", known));
        assertEquals("momentum", Names.closest("Momentun", known));
        assertEquals(null, Names.closest("lbfgs", known));
    }
}
