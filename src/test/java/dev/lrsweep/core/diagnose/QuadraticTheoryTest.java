package dev.lrsweep.core.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.core.model.LinearRegression;
import dev.lrsweep.core.model.Model;
import dev.lrsweep.core.optim.Optimizer;
import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Spec;
import dev.lrsweep.core.train.Trainer;
import dev.lrsweep.core.train.TrainingSettings;
import dev.lrsweep.core.train.TrialPlan;
import dev.lrsweep.core.train.TrialResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The verdicts against theory, on linear regression with a known Hessian. The features are zero-mean,
 * mutually orthogonal Walsh columns scaled by s_j, so with the bias column H = (2/n)X̃ᵀX̃ = diag(2s_j², 2) and
 * λ_max = 2 exactly. Full-batch gradient descent multiplies each eigen-component of the error by 1 − αλ per
 * step: it converges smoothly for αλ_max &lt; 1, flips sign every step (zig-zags) for 1 &lt; αλ_max &lt; 2 and
 * diverges for αλ_max &gt; 2. Heavy-ball momentum μ stays stable up to αλ_max &lt; 2(1 + μ), ringing as it goes.
 *
 * <p>Two problems: a well-conditioned one (every eigenvalue within 20% of λ_max, so every component flips
 * together) for gradient descent, and one whose stiffest directions carry little of the initial error, so that
 * momentum's first steps near its edge (the first multiplies the stiff components by 1 − αλ ≈ −2.7) stay under
 * the divergence factor while the run rings.
 */
class QuadraticTheoryTest {
    static final int ROWS = 64;
    static final double LAMBDA_MAX = 2.0;
    static final int STEPS = 100;
    static final Problem WELL_CONDITIONED = new Problem(new double[] {1.0, 0.95, 0.9}, new double[] {1.5, -2.0, 0.5}, 0.3);
    static final Problem LIGHT_STIFF_DIRECTIONS = new Problem(new double[] {1.0, 0.5, 0.3}, new double[] {0.1, -2.0, 3.0}, 0.05);

    /** y = Σ w_j x_j + b plus a small fixed residual, so that the optimum loss is not 0. */
    record Problem(double[] scales, double[] weights, double bias) {
        DataBlock data() {
            double[][] x = new double[ROWS][scales.length];
            double[] y = new double[ROWS];
            for (int i = 0; i < ROWS; i++) {
                y[i] = bias + 0.05 * Math.sin(i * 1.7);
                for (int j = 0; j < scales.length; j++) {
                    x[i][j] = scales[j] * (Integer.bitCount(i & (1 << j)) % 2 == 0 ? 1 : -1);
                    y[i] += weights[j] * x[i][j];
                }
            }
            return DataBlock.of(x, y);
        }
    }

    static TrialResult fullBatch(Spec optimizer, double alpha) {
        return fullBatch(WELL_CONDITIONED, optimizer, alpha);
    }

    static TrialResult fullBatch(Problem problem, Spec optimizer, double alpha) {
        return fullBatch(problem, optimizer, Spec.of("constant"), alpha);
    }

    static TrialResult fullBatch(Problem problem, Spec optimizer, Spec schedule, double alpha) {
        DataBlock data = problem.data();
        int features = problem.scales().length;
        Model model = new LinearRegression(features);
        Optimizer rule = Optimizers.create(optimizer).optimizer();
        TrainingSettings settings = TrainingSettings.defaults().withShuffle(false).withEvaluation(1, 1);
        TrialPlan plan = new TrialPlan(model, rule, Schedules.create(schedule, alpha, STEPS).schedule(),
                ROWS, STEPS, 1, new double[model.parameterCount()], settings);
        return Trainer.train(plan, data, null, null);
    }

    /** The evidence of a full-batch run: no mini-batch noise. */
    static Evidence evidence(TrialResult r) {
        return Evidence.of(r.curve(), r.state().divergedAt(), r.state().divergenceCause(), true);
    }

    static List<Verdict> judgeGradientDescentLadder(double... multiples) {
        return new Diagnoser(Thresholds.defaults()).judgeGroup(gradientDescentLadder(multiples));
    }

    static List<Diagnoser.Trial> gradientDescentLadder(double... multiples) {
        List<Diagnoser.Trial> group = new ArrayList<>();
        for (double m : multiples) {
            double alpha = m / LAMBDA_MAX;
            group.add(new Diagnoser.Trial(alpha, evidence(fullBatch(Spec.of("sgd"), alpha))));
        }
        return group;
    }

    @Test
    @DisplayName("the test problem's Hessian has the eigenvalues the theory uses")
    void theTestProblemsHessianHasTheEigenvaluesTheTheoryUses() {
        for (Problem p : List.of(WELL_CONDITIONED, LIGHT_STIFF_DIRECTIONS)) {
            assertHessian(p);
        }
    }

    static void assertHessian(Problem p) {
        DataBlock d = p.data();
        double[] scales = p.scales();
        for (int a = 0; a <= scales.length; a++) {
            for (int b = 0; b <= scales.length; b++) {
                double s = 0;
                for (int i = 0; i < ROWS; i++) {
                    double xa = a == scales.length ? 1 : d.feature(i, a);
                    double xb = b == scales.length ? 1 : d.feature(i, b);
                    s += xa * xb;
                }
                double h = 2.0 / ROWS * s;
                double expected = a != b ? 0 : a == scales.length ? 2 : 2 * scales[a] * scales[a];
                assertEquals(expected, h, 1e-12, "H[" + a + "][" + b + "]");
            }
        }
    }

    @Test
    @DisplayName("gradient descent at 0.5/λmax is judged ok")
    void gradientDescentAtHalfTheInverseCurvatureIsOk() {
        Verdict v = judgeGradientDescentLadder(0.5, 1.5, 2.5).get(0);
        assertEquals(Status.OK, v.status(), v.reason());
        assertTrue(v.stable(), v.reason());
        assertEquals(Status.OK, new Diagnoser(Thresholds.defaults())
                .judgeAlone(evidence(fullBatch(Spec.of("sgd"), 0.5 / LAMBDA_MAX))).status());
    }

    @Test
    @DisplayName("gradient descent at 1.5/λmax zig-zags but converges, so it is stable")
    void gradientDescentAtOneAndAHalfTheInverseCurvatureZigzags() {
        Verdict v = judgeGradientDescentLadder(0.5, 1.5, 2.5).get(1);
        assertEquals(Status.ZIGZAG, v.status(), v.reason());
        assertFalse(v.has(Status.DIVERGED));
        assertFalse(v.has(Status.OSCILLATING));
        assertTrue(v.stable(), v.reason());
        assertTrue(v.reason().startsWith("zigzag"), v.reason());
    }

    @Test
    @DisplayName("gradient descent at 2.5/λmax diverges, and the verdict says at which step")
    void gradientDescentAtTwoAndAHalfTheInverseCurvatureDiverges() {
        TrialResult r = fullBatch(Spec.of("sgd"), 2.5 / LAMBDA_MAX);
        Verdict v = judgeGradientDescentLadder(0.5, 1.5, 2.5).get(2);
        assertEquals(Status.DIVERGED, v.status(), v.reason());
        assertFalse(v.stable());
        assertTrue(r.steps() < STEPS, "a diverged trial stops early");
        assertEquals(r.steps(), v.divergedAtStep());
        assertTrue(v.reason().contains("step " + v.divergedAtStep()), v.reason());
    }

    @Test
    @DisplayName("heavy-ball momentum 0.9 just under its stability edge αλmax < 2(1+μ) is judged oscillating")
    void heavyBallMomentumJustUnderItsEdgeOscillates() {
        double alpha = 0.97 * 2 * (1 + 0.9) / LAMBDA_MAX;
        TrialResult r = fullBatch(LIGHT_STIFF_DIRECTIONS, Spec.of("sgd", "momentum", 0.9), alpha);
        Verdict v = new Diagnoser(Thresholds.defaults()).judgeAlone(evidence(r));
        assertEquals(Status.OSCILLATING, v.status(), v.reason());
        assertFalse(r.state().diverged(), "below the edge momentum still converges");
        assertTrue(r.curve().trainLoss(r.curve().size() - 1) < r.curve().trainLoss(0));
    }

    @Test
    @DisplayName("heavy-ball momentum 0.9 above its edge diverges")
    void heavyBallMomentumAboveItsEdgeDiverges() {
        double alpha = 1.05 * 2 * (1 + 0.9) / LAMBDA_MAX;
        TrialResult r = fullBatch(LIGHT_STIFF_DIRECTIONS, Spec.of("sgd", "momentum", 0.9), alpha);
        Verdict v = new Diagnoser(Thresholds.defaults()).judgeAlone(evidence(r));
        assertEquals(Status.DIVERGED, v.status(), v.reason());
    }

    @Test
    @DisplayName("a much smaller rate is still judged slow, not plateaued, when a cosine schedule quiets its end")
    void aMuchSmallerRateUnderCosineIsSlowNotPlateaued() {
        List<Diagnoser.Trial> group = new ArrayList<>();
        for (double m : new double[] {0.002, 0.5}) {
            double alpha = m / LAMBDA_MAX;
            group.add(new Diagnoser.Trial(alpha, evidence(fullBatch(WELL_CONDITIONED, Spec.of("sgd"),
                    Spec.of("cosine"), alpha))));
        }
        List<Verdict> v = new Diagnoser(Thresholds.defaults()).judgeGroup(group);
        assertEquals(Status.SLOW, v.get(0).status(), v.get(0).reason());
        assertEquals(Status.OK, v.get(1).status(), v.get(1).reason());
    }

    @Test
    @DisplayName("a much smaller rate than the group's best is judged slow while its loss still falls")
    void aMuchSmallerRateIsSlow() {
        List<Verdict> v = judgeGradientDescentLadder(0.002, 0.5);
        assertEquals(Status.SLOW, v.get(0).status(), v.get(0).reason());
        assertEquals(Status.OK, v.get(1).status(), v.get(1).reason());
    }

    @Test
    @DisplayName("the largest stable rate of a gradient-descent ladder lies below the edge 2/λmax, and the next diverges")
    void theLargestStableRateOfAGradientDescentLadderLiesBelowTheEdge() {
        double[] multiples = {0.25, 0.5, 0.9, 1.2, 1.5, 1.8, 1.95, 2.1, 2.5};
        List<Diagnoser.Trial> ladder = gradientDescentLadder(multiples);
        List<Verdict> verdicts = new Diagnoser(Thresholds.defaults()).judgeGroup(ladder);
        List<GroupSummary.RankedTrial> ranked = new ArrayList<>();
        for (int i = 0; i < ladder.size(); i++) {
            Verdict v = verdicts.get(i);
            ranked.add(new GroupSummary.RankedTrial("t" + i, ladder.get(i).learningRate(), 0, i + 1, v.status(),
                    v.stable(), v.falling(), ladder.get(i).evidence().finalLoss()));
        }
        GroupSummary g = GroupSummary.of("sgd", "constant", ROWS, ranked, 0.01);
        assertTrue(g.largestStableLr() < 2 / LAMBDA_MAX, g.largestStableLr() + " " + verdicts);
        assertEquals(1.95 / LAMBDA_MAX, g.largestStableLr(), 1e-15, verdicts.toString());
        assertEquals(2.1 / LAMBDA_MAX, g.firstUnstableLr(), 1e-15);
        assertEquals("diverged", g.firstUnstableStatus());
    }
}
