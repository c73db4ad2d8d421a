package org.keras2dl4j.validator;

import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.validator.summary.SummaryRow;

/**
 * What one layer is expected to be: from a summary Keras printed (where the class may be cut at
 * the column width and the shape may be unknown) or, without a summary, from the Keras file's view.
 */
public record ExpectedLayer(String name, String className, boolean classNameCut, Shape outputShape, Long params) {

    static ExpectedLayer of(SummaryRow row) {
        Shape shape = row.outputShapes().size() == 1 ? row.outputShapes().get(0) : null;
        return new ExpectedLayer(row.name(), row.className(), row.classNameCut(), shape, row.params());
    }

    static ExpectedLayer of(LayerSummary layer) {
        return new ExpectedLayer(layer.name(), layer.className(), false, layer.outputShape(), layer.params());
    }

    boolean classMatches(String actual) {
        return classNameCut ? actual.startsWith(className) : actual.equals(className);
    }

    /** {@code Conv2D} or, when Keras cut it, {@code Batch...}. */
    String classText() {
        return classNameCut ? className + "..." : className;
    }
}
