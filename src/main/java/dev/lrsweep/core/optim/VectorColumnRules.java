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
}
