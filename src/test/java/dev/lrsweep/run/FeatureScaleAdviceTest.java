package dev.lrsweep.run;

import static dev.lrsweep.run.Sweeps.lrsweep;
import static dev.lrsweep.run.Sweeps.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scikit-learn's diabetes data in raw units (ages in years, blood serum in mg/dl, …): full-batch gradient descent on
 * the raw features and on the same features standardised. The landscape of the raw sweep predicts how far
 * standardising raises the stable rate; the two sweeps measure it.
 */
class FeatureScaleAdviceTest {
    static final Path DIABETES = Path.of("src/test/resources/datasets/diabetes.csv").toAbsolutePath();
    static Sweeps.Outcome raw;
    static Sweeps.Outcome standardised;
    static Path rawResults;
    static Path standardisedResults;

    static Sweeps.Outcome sweep(Path dir, String name, boolean standardize, String ladder, Path results) {
        Path file = Sweeps.write(dir.resolve(name + ".yaml"), """
                data: {path: %s, format: csv, standardize: %s}
                model: {type: linear}
                train: {steps: 100, shuffle: false}
                grid:
                  learning_rates: %s
                  batch_sizes: [full]
                  optimizers: [sgd]
                output: %s
                """.formatted(DIABETES, standardize, ladder, results));
        return lrsweep("run", file.toString());
    }

    @BeforeAll
    static void runBothSweeps() {
        Path dir = Sweeps.workDir("feature-scale");
        rawResults = dir.resolve("raw");
        standardisedResults = dir.resolve("standardised");
        raw = sweep(dir, "raw", false, "{from: 1.0e-6, to: 1.0e-4, per_decade: 10}", rawResults);
        standardised = sweep(dir, "standardised", true, "{from: 0.01, to: 1, per_decade: 10}", standardisedResults);
    }

    static Row landscape(Path results) {
        return spark().read().parquet(results.resolve("landscape").toString()).first();
    }

    static double largestStable(Path results) {
        return spark().read().parquet(results.resolve("summary").toString()).first().getAs("largest_stable_lr");
    }

    @Test
    @DisplayName("the predicted gain from standardising lies within 3× of the ratio of the two sweeps' largest stable"
            + " rates")
    void thePredictedGainLiesWithinThreeTimesOfTheMeasuredRatio() {
        assertEquals(0, raw.code(), raw.err() + raw.out());
        assertEquals(0, standardised.code(), standardised.err() + standardised.out());
        double predicted = landscape(rawResults).getAs("standardize_gain");
        double measured = largestStable(standardisedResults) / largestStable(rawResults);
        assertTrue(predicted / 3 <= measured && measured <= 3 * predicted,
                "predicted " + predicted + ", measured " + measured);
        assertTrue(predicted > 1000, "raw units put four decades between the edges: " + predicted);
    }

    @Test
    @DisplayName("the raw sweep says in one line that standardising would raise the stable rate, the other does not")
    void theRawSweepSaysInOneLineThatStandardisingWouldRaiseTheStableRate() {
        assertEquals(1, raw.out().lines().filter(l -> l.contains("data.standardize: true would raise the stable rate"
                + " about")).count(), raw.out());
        assertTrue(raw.out().contains("landscape: features span "), raw.out());
        assertFalse(standardised.out().contains("would raise the stable rate"), standardised.out());
        Row l = landscape(standardisedResults);
        assertTrue(l.<Boolean>getAs("standardized"));
        assertTrue(l.isNullAt(l.fieldIndex("standardize_gain")));
    }

    @Test
    @DisplayName("the raw sweep's λ_max of the standardised rows is the standardised sweep's λ_max, and each edge lies"
            + " between its sweep's largest stable and first unstable rates")
    void theStandardisedRowsLambdaMaxIsTheStandardisedSweepsAndEachEdgeLiesBetween() {
        assertEquals(landscape(standardisedResults).<Double>getAs("lambda_max"),
                landscape(rawResults).<Double>getAs("lambda_max_standardized"),
                1e-3 * landscape(standardisedResults).<Double>getAs("lambda_max"));
        for (Path results : new Path[] {rawResults, standardisedResults}) {
            Row s = spark().read().parquet(results.resolve("summary").toString()).first();
            double edge = landscape(results).getAs("gd_edge_lr");
            assertTrue(s.<Double>getAs("largest_stable_lr") <= edge && edge <= s.<Double>getAs("first_unstable_lr"),
                    results.getFileName() + ": edge " + edge + ", " + s);
        }
    }
}
