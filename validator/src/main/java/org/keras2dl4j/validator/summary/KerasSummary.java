package org.keras2dl4j.validator.summary;

import java.util.List;
import java.util.OptionalLong;

/**
 * A model summary as Keras printed it, read by {@link KerasSummaryParser}: the model name (Keras
 * 2.3 and later print it), the layout it was printed in, the top-level rows and the totals. Keras
 * 3 prints an extra {@code Optimizer params:} line once the optimizer is built and then counts the
 * optimizer's variables in {@code Total params}; compare a model's own weights with
 * {@link #modelParams()}, never with {@link #totalParams()}.
 *
 * @param modelName          the name in {@code Model: "name"}, or null when not printed
 * @param layout             the layout the summary was printed in
 * @param rows               the rows in printed order; nested models are one row each
 * @param totalParams        {@code Total params}, optimizer variables included in Keras 3
 * @param trainableParams    {@code Trainable params}
 * @param nonTrainableParams {@code Non-trainable params}
 * @param optimizerParams    Keras 3's {@code Optimizer params}, when printed
 */
public record KerasSummary(String modelName, SummaryLayout layout, List<SummaryRow> rows,
                           long totalParams, long trainableParams, long nonTrainableParams,
                           OptionalLong optimizerParams) {

    public KerasSummary {
        rows = List.copyOf(rows);
    }

    /** The model's own parameters: trainable plus non-trainable, without optimizer variables. */
    public long modelParams() {
        return trainableParams + nonTrainableParams;
    }
}
