package dev.lrsweep.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.spec.SpecException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerValidationTest {

    static SpecException refused(Spec spec) {
        return assertThrows(SpecException.class, () -> Optimizers.create(spec));
    }

    @Test
    @DisplayName("an unknown optimizer is refused with the closest known one and the full list")
    void anUnknownOptimizerIsRefusedWithADidYouMeanHint() {
        SpecException e = refused(Spec.of("adma"));
        assertEquals("type", e.key());
        assertTrue(e.getMessage().contains("names no optimizer: adma (did you mean adam?)"), e.getMessage());
        assertTrue(e.getMessage().contains("known: " + String.join(", ", Optimizers.TYPES)), e.getMessage());
        assertTrue(refused(Spec.of("rmsporp")).getMessage().contains("did you mean rmsprop?"));
        assertFalse(refused(Spec.of("lbfgs")).getMessage().contains("did you mean"));
    }

    @Test
    @DisplayName("nesterov without momentum, or with dampening, is refused")
    void nesterovWithZeroMomentumIsRefused() {
        SpecException e = refused(Spec.of("sgd", "nesterov", true));
        assertEquals("nesterov", e.key());
        assertTrue(e.getMessage().contains("requires a momentum above 0 and zero dampening"), e.getMessage());
        assertEquals("nesterov", refused(Spec.of("nesterov", "momentum", 0)).key());
        assertEquals("nesterov", refused(Spec.of("nesterov", "dampening", 0.1)).key());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"adam", "adamw", "nadam"})
    @DisplayName("betas outside [0, 1) or not a pair are refused")
    void betasOutOfRangeAreRefused(String type) {
        for (List<Double> betas : List.of(List.of(0.9, 1.0), List.of(-0.1, 0.999), List.of(1.5, 0.999),
                List.of(0.9), List.of(0.9, 0.99, 0.999))) {
            SpecException e = refused(Spec.of(type, "betas", betas));
            assertEquals("betas", e.key(), betas.toString());
        }
        assertEquals("betas must lie in [0, 1), got [0.9,1]", refused(Spec.of(type, "betas", List.of(0.9, 1))).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam"})
    @DisplayName("a negative weight decay is refused by every optimizer")
    void aNegativeWeightDecayIsRefused(String type) {
        SpecException e = refused(Spec.of(type, "weight_decay", -0.01));
        assertEquals("weight_decay", e.key());
        assertEquals("weight_decay must not be negative, got -0.01", e.getMessage());
    }

    @Test
    @DisplayName("other negative hyper-parameters are refused")
    void otherNegativeHyperParametersAreRefused() {
        assertEquals("momentum", refused(Spec.of("sgd", "momentum", -0.5)).key());
        assertEquals("eps", refused(Spec.of("adam", "eps", -1e-8)).key());
        assertEquals("lr_decay", refused(Spec.of("adagrad", "lr_decay", -1)).key());
        assertEquals("alpha", refused(Spec.of("rmsprop", "alpha", -0.9)).key());
        assertEquals("momentum_decay", refused(Spec.of("nadam", "momentum_decay", -4e-3)).key());
        assertEquals("lr", refused(Spec.of("adam", "lr", 0.1)).key(), "the rate comes from the grid, not the spec");
    }

    /** The parameters after the same three gradients, the first two equal so that momentum shows by step 2. */
    static double[] threeUpdates(Optimizer optimizer) {
        double[] params = {0.5, -1.0, 2.0};
        double[][] gradients = {{0.3, -0.2, 1.0}, {0.3, -0.2, 1.0}, {-0.1, 0.4, 0.25}};
        OptimizerState state = optimizer.init(params.length);
        for (double[] g : gradients) {
            optimizer.update(params, g.clone(), 0.1, state);
        }
        assertEquals(3, state.steps());
        return params;
    }

    static double[] oneUpdate(Optimizer optimizer) {
        double[] params = {0.5, -1.0, 2.0};
        optimizer.update(params, new double[] {0.3, -0.2, 1.0}, 0.1, optimizer.init(params.length));
        return params;
    }

    @Test
    @DisplayName("the momentum preset is sgd with momentum 0.9, update for update")
    void theMomentumPresetIsSgdWithMomentum() {
        Optimizers.Built preset = Optimizers.create(Spec.of("momentum"));
        Optimizers.Built explicit = Optimizers.create(Spec.of("sgd", "momentum", 0.9));
        assertArrayEquals(oneUpdate(explicit.optimizer()), oneUpdate(preset.optimizer()));
        assertArrayEquals(threeUpdates(explicit.optimizer()), threeUpdates(preset.optimizer()));
        assertEquals(explicit.spec().spec().values(), preset.spec().spec().values());
        assertFalse(Arrays.equals(threeUpdates(Optimizers.create(Spec.of("sgd", "momentum", 0.5)).optimizer()),
                threeUpdates(preset.optimizer())), "the comparison can tell momenta apart");
    }

    @Test
    @DisplayName("the nesterov preset is sgd with momentum 0.9 and nesterov, update for update")
    void theNesterovPresetIsSgdWithNesterovMomentum() {
        Optimizers.Built preset = Optimizers.create(Spec.of("nesterov"));
        Optimizers.Built explicit = Optimizers.create(Spec.of("sgd", "momentum", 0.9, "nesterov", true));
        double[] one = oneUpdate(preset.optimizer());
        assertArrayEquals(oneUpdate(explicit.optimizer()), one);
        assertArrayEquals(threeUpdates(explicit.optimizer()), threeUpdates(preset.optimizer()));
        assertEquals(explicit.spec().spec().values(), preset.spec().spec().values());
        // One Nesterov step from zero state moves by η·(1 + μ)·g.
        assertEquals(0.5 - 0.1 * 1.9 * 0.3, one[0], 1e-15);
        assertFalse(Arrays.equals(oneUpdate(Optimizers.create(Spec.of("momentum")).optimizer()), one));
    }

    @Test
    @DisplayName("every optimizer type can be built with its defaults and makes a finite update")
    void everyOptimizerTypeCanBeBuiltWithItsDefaults() {
        for (String type : Optimizers.TYPES) {
            double[] params = threeUpdates(Optimizers.create(Spec.of(type)).optimizer());
            for (double p : params) {
                assertTrue(Double.isFinite(p), type);
            }
            assertFalse(Arrays.equals(new double[] {0.5, -1.0, 2.0}, params), type + " moved the parameters");
        }
    }
}
