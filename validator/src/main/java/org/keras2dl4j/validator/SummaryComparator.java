package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.dl4j.LayerSummary;
import org.keras2dl4j.dl4j.NetworkSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.validator.summary.KerasSummary;
import org.keras2dl4j.validator.summary.SummaryRow;

/**
 * Compares a converted network's summary with a summary Keras printed. Layers are matched by
 * position and class (Keras 2 cuts class names at the column width, so a cut class matches as a
 * prefix); names may differ between Keras versions and are reported as notes. Totals compare the
 * model's own parameters (trainable + non-trainable), never Keras 3's total with optimizer variables.
 */
public final class SummaryComparator {
    private SummaryComparator() {
    }

    public static Comparison compare(KerasSummary expected, String expectedSource, NetworkSummary actual,
            String actualSource) {
        List<LayerCheck> checks = new ArrayList<>();
        int n = Math.max(expected.rows().size(), actual.layers().size());
        for (int i = 0; i < n; i++) {
            SummaryRow row = i < expected.rows().size() ? expected.rows().get(i) : null;
            LayerSummary layer = i < actual.layers().size() ? actual.layers().get(i) : null;
            checks.add(check(i, row, layer));
        }
        List<TotalCheck> totals = List.of(
                new TotalCheck("Total params", expected.modelParams(), actual.totalParams()),
                new TotalCheck("Trainable params", expected.trainableParams(), actual.trainableParams()),
                new TotalCheck("Non-trainable params", expected.nonTrainableParams(), actual.nonTrainableParams()));
        return new Comparison(expectedSource, actualSource, checks, totals);
    }

    private static LayerCheck check(int index, SummaryRow row, LayerSummary layer) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (row == null) {
            problems.add("not in the expected summary (actual " + layer.className() + ", " + layer.outputShape()
                    + ", " + layer.params() + " params)");
            return new LayerCheck(index, null, layer.name(), null, layer.className(), null, layer.outputShape(),
                    null, layer.params(), problems, notes);
        }
        Shape expectedShape = row.outputShapes().size() == 1 ? row.outputShapes().get(0) : null;
        if (layer == null) {
            problems.add("missing from the converted model (expected " + row.className() + ", "
                    + (expectedShape == null ? "?" : expectedShape) + ", " + row.params() + " params)");
            return new LayerCheck(index, row.name(), null, row.className(), null, expectedShape, null,
                    row.params(), null, problems, notes);
        }
        boolean classMatches = row.classNameCut()
                ? layer.className().startsWith(row.className())
                : layer.className().equals(row.className());
        if (!classMatches) {
            problems.add("class: expected " + row.className() + (row.classNameCut() ? "..." : "") + ", actual "
                    + layer.className());
        }
        if (expectedShape != null && !expectedShape.equals(layer.outputShape())) {
            problems.add("output shape: expected " + expectedShape + ", actual " + layer.outputShape());
        }
        if (row.params() != layer.params()) {
            problems.add("params: expected " + row.params() + ", actual " + layer.params());
        }
        if (!row.name().equals(layer.name())) {
            notes.add("named '" + row.name() + "' in the expected summary");
        }
        return new LayerCheck(index, row.name(), layer.name(), row.className(), layer.className(), expectedShape,
                layer.outputShape(), row.params(), layer.params(), problems, notes);
    }
}
