package dev.lrsweep.core.optim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ColumnRules} on the Java Vector API: lanes across trials, each lane the scalar loop's operations in
 * the same order; trials left over after the last full vector of a row go through the same operations one by
 * one. Each loop is written out whole, as C2 on JDK 17 compiles vector code only where it inlines all of it.
 */
final class VectorColumnRules implements ColumnRules {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private final ColumnRules.Scalar scalar = new ColumnRules.Scalar();

    @Override
    public void sgd(Sgd rule, double[] params, double[] g, int width, int from, int to, double[] lr, double[] b,
                    boolean first) {
        int wide = from + (to - from) / LANES * LANES;
        if (wide == from) {
            scalar.sgd(rule, params, g, width, from, to, lr, b, first);
            return;
        }
        double momentum = rule.momentum();
        double weightDecay = rule.weightDecay();
        boolean nesterov = rule.nesterov();
        double keep = 1 - rule.dampening();
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < wide; t += LANES) {
                int at = row + t;
                DoubleVector d = DoubleVector.fromArray(SPECIES, g, at);
                DoubleVector p = DoubleVector.fromArray(SPECIES, params, at);
                if (weightDecay != 0) {
                    d = d.add(p.mul(weightDecay));
                }
                if (momentum != 0) {
                    DoubleVector buffer = first ? d
                            : DoubleVector.fromArray(SPECIES, b, at).mul(momentum).add(d.mul(keep));
                    buffer.intoArray(b, at);
                    d = nesterov ? d.add(buffer.mul(momentum)) : buffer;
                }
                p.add(DoubleVector.fromArray(SPECIES, lr, t).neg().mul(d)).intoArray(params, at);
            }
        }
        if (wide < to) {
            scalar.sgd(rule, params, g, width, wide, to, lr, b, first);
        }
    }

    @Override
    public void adam(Adam rule, double[] params, double[] g, int width, int from, int to, double[] stepSize,
                     double[] shrink, double biasCorrection2Sqrt, double[] m, double[] v, double[] vMax) {
        int wide = from + (to - from) / LANES * LANES;
        if (wide == from) {
            scalar.adam(rule, params, g, width, from, to, stepSize, shrink, biasCorrection2Sqrt, m, v, vMax);
            return;
        }
        double beta1 = rule.beta1();
        double beta2 = rule.beta2();
        double eps = rule.eps();
        double weightDecay = rule.weightDecay();
        boolean decoupled = rule.decoupled();
        boolean amsgrad = rule.amsgrad();
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < wide; t += LANES) {
                int at = row + t;
                DoubleVector gi = DoubleVector.fromArray(SPECIES, g, at);
                DoubleVector p = DoubleVector.fromArray(SPECIES, params, at);
                if (decoupled) {
                    p = p.mul(DoubleVector.fromArray(SPECIES, shrink, t));
                } else if (weightDecay != 0) {
                    gi = gi.add(p.mul(weightDecay));
                }
                DoubleVector mv = DoubleVector.fromArray(SPECIES, m, at).mul(beta1).add(gi.mul(1 - beta1));
                DoubleVector vv = DoubleVector.fromArray(SPECIES, v, at).mul(beta2).add(gi.mul(gi).mul(1 - beta2));
                mv.intoArray(m, at);
                vv.intoArray(v, at);
                DoubleVector second = vv;
                if (amsgrad) {
                    second = DoubleVector.fromArray(SPECIES, vMax, at).max(vv);
                    second.intoArray(vMax, at);
                }
                DoubleVector denom = second.sqrt().div(biasCorrection2Sqrt).add(eps);
                p.add(DoubleVector.fromArray(SPECIES, stepSize, t).mul(mv.div(denom))).intoArray(params, at);
            }
        }
        if (wide < to) {
            scalar.adam(rule, params, g, width, wide, to, stepSize, shrink, biasCorrection2Sqrt, m, v, vMax);
        }
    }

    @Override
    public void nadam(NAdam rule, double[] params, double[] g, int width, int from, int to, double[] gradCoefficient,
                      double[] momentumCoefficient, double biasCorrection2, double[] m, double[] v) {
        int wide = from + (to - from) / LANES * LANES;
        if (wide == from) {
            scalar.nadam(rule, params, g, width, from, to, gradCoefficient, momentumCoefficient, biasCorrection2, m, v);
            return;
        }
        double beta2 = rule.beta2();
        double eps = rule.eps();
        double weightDecay = rule.weightDecay();
        double weight = 1 - rule.beta1();
        boolean small = weight < 0.5;
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < wide; t += LANES) {
                int at = row + t;
                DoubleVector gi = DoubleVector.fromArray(SPECIES, g, at);
                DoubleVector p = DoubleVector.fromArray(SPECIES, params, at);
                if (weightDecay != 0) {
                    gi = gi.add(p.mul(weightDecay));
                }
                DoubleVector mv = DoubleVector.fromArray(SPECIES, m, at);
                mv = small ? mv.add(gi.sub(mv).mul(weight)) : gi.sub(gi.sub(mv).mul(1 - weight));
                DoubleVector vv = DoubleVector.fromArray(SPECIES, v, at).mul(beta2).add(gi.mul(gi).mul(1 - beta2));
                mv.intoArray(m, at);
                vv.intoArray(v, at);
                DoubleVector denom = vv.div(biasCorrection2).sqrt().add(eps);
                p = p.add(DoubleVector.fromArray(SPECIES, gradCoefficient, t).mul(gi.div(denom)));
                p.add(DoubleVector.fromArray(SPECIES, momentumCoefficient, t).mul(mv.div(denom))).intoArray(params, at);
            }
        }
        if (wide < to) {
            scalar.nadam(rule, params, g, width, wide, to, gradCoefficient, momentumCoefficient, biasCorrection2, m, v);
        }
    }

    @Override
    public void rmsprop(RmsProp rule, double[] params, double[] g, int width, int from, int to, double[] lr,
                        double[] v, double[] b, double[] a) {
        int wide = from + (to - from) / LANES * LANES;
        if (wide == from) {
            scalar.rmsprop(rule, params, g, width, from, to, lr, v, b, a);
            return;
        }
        double alpha = rule.alpha();
        double eps = rule.eps();
        double weightDecay = rule.weightDecay();
        double momentum = rule.momentum();
        boolean centered = rule.centered();
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < wide; t += LANES) {
                int at = row + t;
                DoubleVector gi = DoubleVector.fromArray(SPECIES, g, at);
                DoubleVector p = DoubleVector.fromArray(SPECIES, params, at);
                if (weightDecay != 0) {
                    gi = gi.add(p.mul(weightDecay));
                }
                DoubleVector vv = DoubleVector.fromArray(SPECIES, v, at).mul(alpha).add(gi.mul(gi).mul(1 - alpha));
                vv.intoArray(v, at);
                DoubleVector r;
                if (centered) {
                    DoubleVector av = DoubleVector.fromArray(SPECIES, a, at).mul(alpha).add(gi.mul(1 - alpha));
                    av.intoArray(a, at);
                    r = vv.add(av.mul(av).mul(-1.0)).sqrt().add(eps);
                } else {
                    r = vv.sqrt().add(eps);
                }
                DoubleVector rate = DoubleVector.fromArray(SPECIES, lr, t).neg();
                if (momentum > 0) {
                    DoubleVector bv = DoubleVector.fromArray(SPECIES, b, at).mul(momentum).add(gi.div(r));
                    bv.intoArray(b, at);
                    p.add(rate.mul(bv)).intoArray(params, at);
                } else {
                    p.add(rate.mul(gi.div(r))).intoArray(params, at);
                }
            }
        }
        if (wide < to) {
            scalar.rmsprop(rule, params, g, width, wide, to, lr, v, b, a);
        }
    }

    @Override
    public void adagrad(Adagrad rule, double[] params, double[] g, int width, int from, int to, double[] rate,
                        double[] sum) {
        int wide = from + (to - from) / LANES * LANES;
        if (wide == from) {
            scalar.adagrad(rule, params, g, width, from, to, rate, sum);
            return;
        }
        double eps = rule.eps();
        double weightDecay = rule.weightDecay();
        int n = params.length / width;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            for (int t = from; t < wide; t += LANES) {
                int at = row + t;
                DoubleVector gi = DoubleVector.fromArray(SPECIES, g, at);
                DoubleVector p = DoubleVector.fromArray(SPECIES, params, at);
                if (weightDecay != 0) {
                    gi = gi.add(p.mul(weightDecay));
                }
                DoubleVector sv = DoubleVector.fromArray(SPECIES, sum, at).add(gi.mul(gi));
                sv.intoArray(sum, at);
                p.add(DoubleVector.fromArray(SPECIES, rate, t).mul(gi.div(sv.sqrt().add(eps)))).intoArray(params, at);
            }
        }
        if (wide < to) {
            scalar.adagrad(rule, params, g, width, wide, to, rate, sum);
        }
    }
}
