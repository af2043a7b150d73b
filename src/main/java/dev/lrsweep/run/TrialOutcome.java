package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.diagnose.Evidence;
import dev.lrsweep.core.train.Curve;
import dev.lrsweep.core.train.TrainingState;
import dev.lrsweep.sweep.TrialSpec;
import java.io.Serializable;

/**
 * One finished trial as a task emits it: its spec, its curve, the evidence read from the curve and what the run
 * cost. It stays on the executors (cached, serialised); only Parquet rows made from it leave them.
 *
 * @param batchSize     the real batch size
 * @param plannedSteps  the updates the trial was to make
 * @param stepsPerEpoch updates per epoch at this batch size
 * @param seconds       the time its updates took
 * @param end           the trial's end state: parameters, optimizer state, step, divergence
 */
@DefaultSerializer(JavaSerializer.class)
public record TrialOutcome(TrialSpec trial, Curve curve, Evidence evidence, int batchSize, long plannedSteps,
                           long stepsPerEpoch, double seconds, TrainingState end) implements Serializable {

    /** The updates made: fewer than planned when the trial diverged. */
    public long steps() {
        return curve.lastStep();
    }
}
