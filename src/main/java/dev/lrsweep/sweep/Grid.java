package dev.lrsweep.sweep;

import dev.lrsweep.core.optim.Optimizers;
import dev.lrsweep.core.schedule.Schedules;
import dev.lrsweep.core.spec.Format;
import dev.lrsweep.core.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Expands a sweep's grid into trials: learning rate × schedule × batch size × optimizer × seed. */
public final class Grid {
    private Grid() {
    }

    /**
     * Every trial, in a fixed order: optimizer, schedule, batch size, seed, then learning rate (ascending). With
     * {@code scale_lr_with_batch}, each batch size tries the ladder scaled to it, and its trials carry the scaled
     * rates.
     *
     * @throws IllegalStateException while the ladder is still automatic: a range test chooses it first
     */
    public static List<TrialSpec> expand(SweepConfig config) {
        SweepConfig.Grid g = config.grid();
        if (g.auto() != null) {
            throw new IllegalStateException("learning_rates: auto has no ladder until a range test lays one");
        }
        List<TrialSpec> trials = new ArrayList<>(g.size());
        for (Spec optimizer : g.optimizers()) {
            String optimizerText = Optimizers.create(optimizer).readable();
            for (Spec schedule : g.schedules()) {
                String scheduleText = Schedules.create(schedule, 1.0, 1L << 40).readable();
                for (int batch : g.batchSizes()) {
                    for (long seed : g.seeds()) {
                        for (double lr : g.learningRates(batch).stream().sorted().toList()) {
                            trials.add(new TrialSpec(trialId(lr, optimizer, schedule, batch, seed), trials.size(), lr,
                                    optimizer, optimizerText, schedule, scheduleText, batch, seed));
                        }
                    }
                }
            }
        }
        return trials;
    }

    /**
     * The note for seeds that cannot differ: a full-batch trial started from zero weights sees every row at every
     * step from the same start, so its seeds change nothing but the order in which the rows' gradients are summed
     * (when shuffled); every seed after the first repeats the same run. Null when no trial is in that case.
     *
     * @param trainingRows the training rows, which make a batch that large full too; −1 when not known
     */
    public static String identicalSeeds(SweepConfig config, long trainingRows) {
        SweepConfig.Grid g = config.grid();
        int seeds = g.seeds().size();
        long full = g.batchSizes().stream()
                .filter(b -> b == SweepConfig.Grid.FULL_BATCH || trainingRows > 0 && b >= trainingRows).count();
        if (seeds < 2 || full == 0 || !config.model().init().type().equals("zeros")) {
            return null;
        }
        long fullTrials = (long) g.learningRates().size() * g.schedules().size() * full * g.optimizers().size() * seeds;
        long repeats = fullTrials / seeds * (seeds - 1);
        return "note: full batch from zero weights makes every seed the same run (the same rows at every step, the"
                + " same start), so " + repeats + " of the " + Format.count(g.size(), "trial") + " repeat another and"
                + " the full-batch trials cost " + seeds + "× what one seed would; keep one seed, or start from"
                + " random weights (model.init: {type: normal, std: 0.01})";
    }

    /**
     * A stable identity for a trial's settings: the first 16 hex digits of the SHA-256 of its learning rate,
     * resolved optimizer and schedule specs, batch size and seed. The same settings give the same id in every
     * sweep and on every machine.
     */
    public static String trialId(double lr, Spec optimizer, Spec schedule, int batch, long seed) {
        String canonical = "lr=" + Format.number(lr) + ";optimizer=" + optimizer + ";schedule=" + schedule
                + ";batch=" + (batch == SweepConfig.Grid.FULL_BATCH ? "full" : Integer.toString(batch))
                + ";seed=" + seed;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
