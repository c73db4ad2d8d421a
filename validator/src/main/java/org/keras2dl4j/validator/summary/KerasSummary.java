package org.keras2dl4j.validator.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A model summary as Keras printed it, read by {@link KerasSummaryParser}: the model name (Keras
 * 2.3 and later print it), the layout it was printed in, the rows and the totals. Keras 3 prints an
 * extra {@code Optimizer params:} line once the optimizer is built and then counts the optimizer's
 * variables in {@code Total params}; compare a model's own weights with {@link #modelParams()},
 * never with {@link #totalParams()}.
 *
 * <p>The parser keeps what was printed even when it does not add up (a summary edited by hand, a
 * row deleted): {@link #inconsistencies()} says where, and a validation still compares the rows.
 *
 * @param modelName          the name in {@code Model: "name"}, or null when not printed
 * @param layout             the layout the summary was printed in
 * @param rows               the rows in printed order: a nested model is one row of depth 0, followed
 *                           by the rows of its layers when Keras printed it expanded
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

    /** {@code Total params} without Keras 3's optimizer variables: the model's own, as that line says. */
    public long totalModelParams() {
        return totalParams - optimizerParams.orElse(0);
    }

    /** The rows of the model itself (depth 0), without the rows of expanded nested models. */
    public List<SummaryRow> topLevelRows() {
        return rows.stream().filter(r -> r.depth() == 0).toList();
    }

    /** The sum of the {@code Param #} of the rows of the model itself. */
    public long rowParams() {
        return topLevelRows().stream().mapToLong(SummaryRow::params).sum();
    }

    /**
     * Where the summary does not add up, one sentence each (empty for anything Keras printed): the
     * totals among themselves, the rows against the totals, a nested model's row against its
     * expanded layers.
     */
    public List<String> inconsistencies() {
        List<String> found = new ArrayList<>();
        long parts = modelParams() + optimizerParams.orElse(0);
        if (totalParams != parts) {
            found.add("the summary's Total params is " + totalParams + " but "
                    + (optimizerParams.isPresent() ? "trainable + non-trainable + optimizer" : "trainable + non-trainable")
                    + " params are " + parts);
        }
        long rowSum = rowParams();
        if (rowSum != modelParams()) {
            found.add("the summary's rows' Param # add up to " + rowSum + ", its totals say " + modelParams()
                    + " (trainable + non-trainable params)");
        }
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            long inside = 0;
            boolean expanded = false;
            for (int k = i + 1; k < rows.size() && rows.get(k).depth() > row.depth(); k++) {
                if (rows.get(k).depth() == row.depth() + 1) {
                    inside += rows.get(k).params();
                    expanded = true;
                }
            }
            if (expanded && inside != row.params()) {
                found.add("the summary's row '" + row.name() + "' has " + row.params()
                        + " params, its expanded layers' Param # add up to " + inside);
            }
        }
        return found;
    }
}
