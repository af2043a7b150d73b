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
