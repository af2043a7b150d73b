package dev.lrsweep.io;

import dev.lrsweep.core.spec.Format;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * What the data checks count over a data set's rows: rows; null, NaN and infinite values per column; the label's
 * range and the labels the model cannot take; the lengths of a vector column. Counted per partition on the
 * executors and {@link #add added}: counts, minima and maxima are exact, so the totals do not depend on how the
 * rows were split into partitions.
 */
final class RowChecks implements Serializable {
    private static final long serialVersionUID = 1L;

    long rows;
    /** Per column, the label first, then each scalar feature (none with a vector column). */
    final long[] nulls;
    final long[] nans;
    final long[] infinite;
    long nullVectors;
    int shortestVector = Integer.MAX_VALUE;
    int longestVector = -1;
    long nansInVectors;
    long infiniteInVectors;
    double labelMin = Double.POSITIVE_INFINITY;
    double labelMax = Double.NEGATIVE_INFINITY;
    long badLabels;
    double firstBadLabel = Double.POSITIVE_INFINITY;

    RowChecks(int scalarFeatures) {
        nulls = new long[1 + scalarFeatures];
        nans = new long[1 + scalarFeatures];
        infinite = new long[1 + scalarFeatures];
    }

    /** Checks one row as {@link SourceRows} reads it: its label and its features. */
    void row(InternalRow row, SourceRows columns, LabelRule rule) {
        rows++;
        if (SourceRows.labelNull(row)) {
            nulls[0]++;
        } else {
            label(SourceRows.label(row), rule);
        }
        if (columns.vector()) {
            double[] v = SourceRows.vector(row);
            if (v == null) {
                nullVectors++;
            } else {
                vector(v);
            }
        } else {
            for (int j = 0, d = columns.scalars(); j < d; j++) {
                if (SourceRows.featureNull(row, j)) {
                    nulls[j + 1]++;
                } else {
                    value(j + 1, SourceRows.feature(row, j));
                }
            }
        }
    }

    /** Counts one value of column c (0 is the label). */
    void value(int c, double v) {
        if (Double.isNaN(v)) {
            nans[c]++;
        } else if (Double.isInfinite(v)) {
            infinite[c]++;
        }
    }

    void label(double y, LabelRule rule) {
        value(0, y);
        if (!Double.isNaN(y)) {
            labelMin = Math.min(labelMin, y);
            labelMax = Math.max(labelMax, y);
        }
        if (rule.bad(y)) {
            badLabels++;
            firstBadLabel = Math.min(firstBadLabel, y);
        }
    }

    void vector(double[] v) {
        shortestVector = Math.min(shortestVector, v.length);
        longestVector = Math.max(longestVector, v.length);
        for (double x : v) {
            if (Double.isNaN(x)) {
                nansInVectors++;
            } else if (Double.isInfinite(x)) {
                infiniteInVectors++;
            }
        }
    }

    RowChecks add(RowChecks o) {
        rows += o.rows;
        for (int c = 0; c < nulls.length; c++) {
            nulls[c] += o.nulls[c];
            nans[c] += o.nans[c];
            infinite[c] += o.infinite[c];
        }
        nullVectors += o.nullVectors;
        shortestVector = Math.min(shortestVector, o.shortestVector);
        longestVector = Math.max(longestVector, o.longestVector);
        nansInVectors += o.nansInVectors;
        infiniteInVectors += o.infiniteInVectors;
        labelMin = Math.min(labelMin, o.labelMin);
        labelMax = Math.max(labelMax, o.labelMax);
        badLabels += o.badLabels;
        firstBadLabel = Math.min(firstBadLabel, o.firstBadLabel);
        return this;
    }

    /** Which labels a model cannot learn from. */
    record LabelRule(String modelType, int classes) implements Serializable {
        boolean bad(double y) {
            return switch (modelType) {
                case "logistic" -> y != 0.0 && y != 1.0;
                case "softmax" -> y < 0.0 || y != Math.rint(y) || (classes > 0 && y >= classes);
                default -> false;
            };
        }

        String expected(boolean one) {
            return modelType.equals("logistic") ? "outside {0, 1}, which logistic regression needs"
                    : (one ? "that is not a class index " : "that are not class indices ")
                    + (classes > 0 ? "0 to " + (classes - 1) + " (model.classes " + classes + ")"
                    : "(whole numbers from 0)");
        }
    }

    /**
     * Refuses the data set in one line when a check fails; returns the number of features (a vector column's
     * length, else the scalar features).
     *
     * @param expected the training data's features when this is the validation set, else null
     */
    int require(Source source, ColumnPlan plan, LabelRule rule, List<String> expected) {
        if (rows == 0) {
            throw source.problem("has no rows");
        }
        List<String> problems = new ArrayList<>();
        describe(problems, "label column " + plan.label(), 0);
        int scalars = plan.vector() == null ? plan.features().size() : 0;
        for (int j = 0; j < scalars; j++) {
            describe(problems, "column " + plan.features().get(j), j + 1);
        }
        int features = scalars;
        if (plan.vector() != null) {
            String name = "column " + plan.vector();
            if (nullVectors > 0) {
                problems.add(name + " has " + nullVectors + " null " + (nullVectors == 1 ? "vector" : "vectors"));
            }
            String inside = counts(0, nansInVectors, infiniteInVectors, false);
            if (inside != null) {
                problems.add(name + " has " + inside + " inside its vectors");
            }
            if (problems.isEmpty()) {
                if (shortestVector != longestVector) {
                    throw source.problem(name + " holds vectors of mixed lengths, " + shortestVector + " to "
                            + longestVector + " values; every row needs the same number of features");
                }
                if (longestVector == 0) {
                    throw source.problem(name + " holds empty vectors");
                }
                if (expected != null && longestVector != expected.size()) {
                    throw source.problem(name + " holds vectors of " + longestVector + " values, but the training"
                            + " data's hold " + expected.size());
                }
                features = longestVector;
            }
        }
        if (!problems.isEmpty()) {
            throw source.problem(String.join("; ", problems) + "; set data.drop_invalid: true to drop the rows that"
                    + " have such values");
        }
        if (badLabels > 0) {
            boolean one = badLabels == 1;
            throw source.problem("label column " + plan.label() + " has " + badLabels + (one ? " value " : " values ")
                    + rule.expected(one) + ", e.g. " + Format.number(firstBadLabel));
        }
        return features;
    }

    private void describe(List<String> problems, String name, int c) {
        String text = counts(nulls[c], nans[c], infinite[c], true);
        if (text != null) {
            problems.add(name + " has " + text);
        }
    }

    /** "12 null and 3 NaN values", or null when every count is 0. */
    private static String counts(long nulls, long nans, long infinite, boolean withNulls) {
        List<String> parts = new ArrayList<>();
        if (withNulls && nulls > 0) {
            parts.add(nulls + " null");
        }
        if (nans > 0) {
            parts.add(nans + " NaN");
        }
        if (infinite > 0) {
            parts.add(infinite + " infinite");
        }
        if (parts.isEmpty()) {
            return null;
        }
        String joined = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return joined + (nulls + nans + infinite == 1 ? " value" : " values");
    }
}
