package dev.lrsweep.io;

import dev.lrsweep.core.data.DataBlock;
import java.util.List;

/**
 * A sweep's data, read, checked and packed for the trainer.
 *
 * @param train           the training rows
 * @param validation      the validation rows, or null
 * @param featureNames    the features, in column order
 * @param classes         softmax: the number of classes; 0 for the other models
 * @param standardization the z-score statistics of the training rows, or null without {@code standardize}
 * @param evalOrder       the training rows the training loss is evaluated on (sorted), or null for all of them
 * @param notes           what was done to the data, for the run's log (sampling, constant features, …)
 */
public record TrainingData(DataBlock train, DataBlock validation, List<String> featureNames, int classes,
                           Standardization standardization, int[] evalOrder, List<String> notes) {

    public int features() {
        return featureNames.size();
    }

    public int validationRows() {
        return validation == null ? 0 : validation.rows();
    }
}
