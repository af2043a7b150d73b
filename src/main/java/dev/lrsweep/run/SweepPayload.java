package dev.lrsweep.run;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.lrsweep.core.data.DataBlock;
import dev.lrsweep.sweep.TrialPlanner;
import dev.lrsweep.sweep.TrialSpec;
import java.io.Serializable;
import java.util.List;

/**
 * What every executor needs, broadcast once per executor: the packed rows, the training-loss subset, the
 * planner and the trials. Serialised with Java serialisation even when Spark is set to Kryo (records and
 * immutable collections are Java-serialisable but not safely Kryo-serialisable).
 *
 * @param validation the validation rows, or null
 * @param evalOrder  the training rows the training loss is evaluated on, or null for all
 */
@DefaultSerializer(JavaSerializer.class)
public record SweepPayload(DataBlock train, DataBlock validation, int[] evalOrder, TrialPlanner planner,
                           List<TrialSpec> trials) implements Serializable {
}
