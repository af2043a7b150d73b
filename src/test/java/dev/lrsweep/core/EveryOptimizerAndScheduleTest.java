package dev.lrsweep.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedule;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.EvaluationCadence;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer with every schedule, full-batch, on two small linear-regression problems whose loss is a known
 * quadratic: each combination, at a learning rate that suits its optimizer family, trains without diverging,
 * lowers the loss, records finite curves and the schedule's rates, reproduces its own bits, and has a spec that
 * resolves to itself.
 */
class EveryOptimizerAndScheduleTest {
    static final int STEPS = 200;
    static final int ROWS = 16;

    /**
     * A linear-regression problem and the largest eigenvalue of its loss's Hessian H = (2/n)·X̃ᵀX̃, where X̃ is
     * X with a column of ones for the bias.
     */
    record Problem(String name, DataBlock data, double lambdaMax, double lambdaMin) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** x = 1 and y = 3 on every row: the loss is (w + b − 3)², a parabola along w + b (H's eigenvalues 4 and 0). */
    static Problem parabola() {
        double[][] x = new double[ROWS][];
        double[] y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            x[i] = new double[] {1.0};
            y[i] = 3.0;
        }
        return problem("parabola", DataBlock.of(x, y));
    }

    /**
     * Two centred features of scales 1 and 0.1 in a balanced ±1/±0.1 design, y = 1 + 2·x₁ + 10·x₂: H is
     * diag(2, 0.02, 2), condition number 100, and the weight of the small feature is learnt a hundred times
     * slower by gradient descent than the others.
     */
    static Problem illConditioned() {
        double[][] x = new double[ROWS][];
        double[] y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double x1 = i % 2 == 0 ? 1.0 : -1.0;
            double x2 = (i / 2) % 2 == 0 ? 0.1 : -0.1;
            x[i] = new double[] {x1, x2};
            y[i] = 1.0 + 2.0 * x1 + 10.0 * x2;
        }
        return problem("ill-conditioned quadratic", DataBlock.of(x, y));
    }

    static Problem problem(String name, DataBlock data) {
        double[][] h = hessian(data);
        double max = largestEigenvalue(h);
        int n = h.length;
        double[][] shifted = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                shifted[i][j] = (i == j ? max : 0.0) - h[i][j];
            }
        }
        return new Problem(name, data, max, max - largestEigenvalue(shifted));
    }

    /** (2/n)·X̃ᵀX̃, the Hessian of the mean squared error of a linear model with a bias. */
    static double[][] hessian(DataBlock data) {
        int p = data.features() + 1;
        IntFunction<double[]> row = r -> {
            double[] v = new double[p];
            for (int j = 0; j < p - 1; j++) {
                v[j] = data.feature(r, j);
            }
            v[p - 1] = 1.0;
            return v;
        };
        double[][] h = new double[p][p];
        for (int r = 0; r < data.rows(); r++) {
            double[] v = row.apply(r);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    h[i][j] += 2.0 * v[i] * v[j] / data.rows();
                }
            }
        }
        return h;
    }

    /** The largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration. */
    static double largestEigenvalue(double[][] a) {
        int n = a.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1.0 + 0.1 * i;
        }
        double lambda = 0.0;
        for (int iteration = 0; iteration < 2000; iteration++) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    w[i] += a[i][j] * v[j];
                }
            }
            double norm = 0.0;
            double dot = 0.0;
            for (int i = 0; i < n; i++) {
                norm += w[i] * w[i];
                dot += w[i] * v[i];
            }
            double vv = 0.0;
            for (double e : v) {
                vv += e * e;
            }
            lambda = dot / vv;
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0.0;
            }
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / norm;
            }
        }
        return lambda;
    }

    /** Every schedule type with the parameters it needs for a 200-step run, plus the generic warm-up wrapper. */
    static List<Spec> schedules() {
        return List.of(
                Spec.of("constant"),
                Spec.of("constant", "warmup_steps", 20, "warmup_start_factor", 0.1),
                Spec.of("step", "step_size", 50, "gamma", 0.5),
                Spec.of("multistep", "milestones", List.of(80, 150), "gamma", 0.3),
                Spec.of("exponential", "gamma", 0.99),
                Spec.of("inverse_time", "decay_rate", 1.0, "decay_steps", 50),
                Spec.of("polynomial", "power", 2.0),
                Spec.of("cosine"),
                Spec.of("cosine", "warmup_steps", 20),
                Spec.of("warmup_cosine", "warmup_fraction", 0.1),
                Spec.of("one_cycle", "pct_start", 0.25),
                Spec.of("cyclic", "step_size_up", 25, "mode", "triangular2"));
    }

    /**
     * A rate that suits the optimizer family on the problem: for gradient descent half the 2/λ_max stability
     * limit, i.e. 0.5/λ_max, and a fifth of that with momentum 0.9, whose effective step is ten times the rate;
     * for the adaptive methods, whose steps are about the rate itself whatever the gradient's scale, 0.05;
     * RMSprop's first steps are 1/√(1 − α) = 10 times the rate, so PyTorch's default 0.01; Adagrad's steps
     * shrink like rate/√t, so 0.5 to travel the few units to the optimum within the run.
     */
    static double learningRate(String optimizer, Problem problem) {
        return switch (optimizer) {
            case "sgd" -> 0.5 / problem.lambdaMax();
            case "momentum", "nesterov" -> 0.1 / problem.lambdaMax();
            case "adagrad" -> 0.5;
            case "rmsprop" -> 0.01;
            default -> 0.05;
        };
    }

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (Problem problem : List.of(parabola(), illConditioned())) {
            for (String optimizer : Optimizers.TYPES) {
                for (Spec schedule : schedules()) {
                    out.add(Arguments.of(optimizer, schedule, problem));
                }
            }
        }
        assertTrue(out.stream().map(a -> ((Spec) a.get()[1]).type()).distinct().count() == Schedules.TYPES.size(),
                "every schedule type is covered");
        return out.stream();
    }

    static TrialPlan plan(Spec optimizer, Spec schedule, double alpha, Problem problem) {
        Model model = new LinearRegression(problem.data().features());
        TrainingSettings settings = new TrainingSettings(false, EvaluationCadence.everyUpdates(1), 1, Double.NaN,
                TrainingSettings.DEFAULT_DIVERGENCE_FACTOR, TrainingSettings.DEFAULT_LOSS_EMA_BETA);
        return new TrialPlan(model, Optimizers.create(optimizer).optimizer(),
                Schedules.create(schedule, alpha, STEPS).schedule(), problem.data().rows(), STEPS, 11L,
                new double[model.parameterCount()], settings);
    }

    @ParameterizedTest(name = "{0} with {1} on the {2}")
    @MethodSource("combinations")
    @DisplayName("every optimizer with every schedule trains a quadratic down, reproducibly and as its spec says")
    void everyOptimizerWithEveryScheduleTrainsAQuadraticDown(String optimizerType, Spec scheduleSpec, Problem problem) {
        if (problem.name().startsWith("ill")) {
            assertEquals(100.0, problem.lambdaMax() / problem.lambdaMin(), 1e-6, "the problem's condition number");
        } else {
            assertEquals(4.0, problem.lambdaMax(), 1e-12, "the parabola's curvature");
        }
        double alpha = learningRate(optimizerType, problem);
        Spec optimizerSpec = Spec.of(optimizerType);

        // The specs resolve to themselves: building from the resolved spec gives the same resolved spec.
        Optimizers.Built optimizer = Optimizers.create(optimizerSpec);
        Spec resolvedOptimizer = optimizer.spec().spec();
        assertEquals(resolvedOptimizer, Optimizers.create(resolvedOptimizer).spec().spec());
        assertEquals(optimizer.readable(), Optimizers.create(resolvedOptimizer).readable());
        Schedules.Built schedule = Schedules.create(scheduleSpec, alpha, STEPS);
        Spec resolvedSchedule = schedule.spec().spec();
        assertEquals(resolvedSchedule, Schedules.create(resolvedSchedule, alpha, STEPS).spec().spec());
        assertEquals(schedule.readable(), Schedules.create(resolvedSchedule, alpha, STEPS).readable());

        TrialPlan plan = plan(optimizerSpec, scheduleSpec, alpha, problem);
        TrialResult result = Trainer.train(plan, problem.data(), null, null);
        Curve curve = result.curve();
        String what = optimizer.readable() + " at " + alpha + " with " + schedule.readable() + " on the " + problem;

        assertFalse(result.state().diverged(), what + " diverged: " + result.state().divergenceCause());
        assertEquals(STEPS, result.steps());
        assertEquals(STEPS + 1, curve.size(), "eval_every 1 records every step");

        Schedule rates = plan.schedule();
        for (int i = 0; i < curve.size(); i++) {
            assertEquals(i, curve.step(i));
            assertTrue(curve.evaluated(i), "step " + i + " carries a training loss");
            double[] values = {curve.epoch(i), curve.lr(i), curve.batchLoss(i), curve.batchLossEma(i),
                curve.gradNorm(i), curve.updateCosine(i), curve.trainLoss(i), curve.valLoss(i)};
            for (double v : values) {
                assertTrue(Double.isNaN(v) || Double.isFinite(v), what + ": a value at step " + i + " is " + v);
            }
            if (i > 0) {
                assertEquals(rates.rate(i - 1), curve.lr(i), what + ": the rate of update " + i);
                assertTrue(Double.isFinite(curve.batchLoss(i)) && Double.isFinite(curve.gradNorm(i))
                        && Double.isFinite(curve.batchLossEma(i)), what + ": update " + i + " is fully recorded");
            }
        }

        double initial = curve.trainLoss(0);
        double last = curve.trainLoss(curve.size() - 1);
        assertTrue(initial > 0, "the initial model is not already perfect");
        assertTrue(last <= 0.5 * initial, what + ": the loss went from " + initial + " to " + last
                + ", not below half of where it started");
        for (int i = 0; i < curve.size(); i++) {
            assertTrue(curve.trainLoss(i) <= curve.trainLoss(0), what + ": the loss rose above its start at step " + i);
        }

        TrialResult again = Trainer.train(plan, problem.data(), null, null);
        assertArrayEquals(result.state().params(), again.state().params(), what + ": a second run of the plan");
        TrialResult rebuilt = Trainer.train(plan(resolvedOptimizer, resolvedSchedule, alpha, problem),
                problem.data(), null, null);
        assertArrayEquals(result.state().params(), rebuilt.state().params(), what + ": a run from the resolved specs");
        for (int i = 0; i < curve.size(); i++) {
            assertEquals(curve.trainLoss(i), again.curve().trainLoss(i));
            assertEquals(curve.lr(i), rebuilt.curve().lr(i));
        }
    }
}
