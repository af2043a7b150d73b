package dev.lrsweep.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The learning-rate axis of a grid: a list of positive numbers, or a log ladder
 * {@code {from: 1.0e-4, to: 1.0, per_decade: 2}} whose values are rounded to one significant figure, so that
 * two per decade give 1e-4, 3e-4, 1e-3, 3e-3, … (rounding can merge neighbours when per_decade is above 3;
 * duplicates are dropped). A rung is kept while its rounded value does not exceed {@code to}, so
 * {@code {from: 0.001, to: 3}} ends with 1 and 3. Values come out in increasing order.
 *
 * <p>Or {@code auto} ({@code {type: auto, per_decade: 3, span: 2}}): a range test lays the ladder when the sweep runs
 * ({@link SweepConfig.AutoLadder}).
 */
public final class LearningRates {
    private LearningRates() {
    }

    /** The ladder from {@code from} to {@code to} (both included when on the ladder), {@code perDecade} per decade. */
    public static List<Double> ladder(double from, double to, int perDecade) {
        TreeSet<Double> out = new TreeSet<>();
        double logFrom = Math.log10(from);
        for (int k = 0; ; k++) {
            double rung = oneSignificantFigure(Math.pow(10, logFrom + (double) k / perDecade));
            if (rung > to * (1 + 1e-12)) {
                break;
            }
            out.add(rung);
        }
        return new ArrayList<>(out);
    }

    /** Rounds to one significant figure through decimal, so 3e-4 is the double nearest to 0.0003. */
    public static double oneSignificantFigure(double v) {
        return new BigDecimal(v).round(new MathContext(1)).doubleValue();
    }

    /** The automatic ladder a sweep file asks for, or null when it gives rates. */
    static SweepConfig.AutoLadder auto(ConfigNode n) {
        if (n.raw() != null && n.raw().isTextual() && n.raw().asText().equals(AUTO)) {
            return new SweepConfig.AutoLadder(SweepConfig.AutoLadder.DEFAULT_PER_DECADE,
                    SweepConfig.AutoLadder.DEFAULT_SPAN);
        }
        if (!n.isObject() || !n.has("type")) {
            return null;
        }
        String type = n.text("type", AUTO);
        if (!type.equals(AUTO)) {
            throw n.child("type").problem("must be auto (or leave type out and give from, to and per_decade), got "
                    + type);
        }
        long perDecade = n.whole("per_decade", SweepConfig.AutoLadder.DEFAULT_PER_DECADE, 1);
        if (perDecade > 1000) {
            throw n.child("per_decade").problem("must be at most 1000, got " + perDecade);
        }
        double span = n.number("span", SweepConfig.AutoLadder.DEFAULT_SPAN);
        if (!(span >= 0 && span <= 10)) {
            throw n.child("span").problem("must be a number of decades from 0 to 10, got " + span);
        }
        n.rejectUnknownKeys();
        return new SweepConfig.AutoLadder((int) perDecade, span);
    }

    /** The word that asks for an automatic ladder. */
    static final String AUTO = "auto";

    static List<Double> read(ConfigNode n) {
        if (n.isObject()) {
            double from = n.required("from").number();
            double to = n.required("to").number();
            long perDecade = n.whole("per_decade", 2, 1);
            n.rejectUnknownKeys();
            if (!(from > 0) || Double.isInfinite(from)) {
                throw n.child("from").problem("must be a positive learning rate, got " + from);
            }
            if (!(to > 0) || Double.isInfinite(to)) {
                throw n.child("to").problem("must be a positive learning rate, got " + to);
            }
            if (from > to) {
                throw n.problem("goes from " + dev.lrsweep.core.spec.Format.number(from) + " to "
                        + dev.lrsweep.core.spec.Format.number(to) + ": from must not exceed to");
            }
            if (perDecade > 1000) {
                throw n.child("per_decade").problem("must be at most 1000, got " + perDecade);
            }
            return ladder(from, to, (int) perDecade);
        }
        List<Double> out = new ArrayList<>();
        for (ConfigNode c : n.list()) {
            double v = c.number();
            if (!(v > 0) || Double.isInfinite(v)) {
                throw c.problem("must be a positive learning rate, got " + ConfigNode.describe(c.raw()));
            }
            out.add(v);
        }
        return out;
    }
}
