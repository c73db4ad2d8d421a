package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;

/**
 * Compares views of a model with an expectation. Layers are matched by position and class (Keras
 * 2 cuts class names at the column width, so a cut class matches as a prefix). Totals compare the
 * model's own parameters (trainable + non-trainable), never Keras 3's total with optimizer variables.
 */
final class Comparator {
    private Comparator() {
    }

    /**
     * @param expectedLayers per-layer expectations, or null to check totals only
     * @param expectedTotals total, trainable and non-trainable parameters expected; null entries are
     *     not checked
     */
    static Comparison compare(String model, String expectedSource, List<ExpectedLayer> expectedLayers,
            Long[] expectedTotals, List<ModelView> views) {
        List<LayerCheck> checks = new ArrayList<>();
        if (expectedLayers != null) {
            int n = expectedLayers.size();
            for (ModelView view : views) {
                n = Math.max(n, view.summary().layers().size());
            }
            for (int i = 0; i < n; i++) {
                ExpectedLayer expected = i < expectedLayers.size() ? expectedLayers.get(i) : null;
                List<LayerSummary> actual = new ArrayList<>();
                for (ModelView view : views) {
                    List<LayerSummary> layers = view.summary().layers();
                    actual.add(i < layers.size() ? layers.get(i) : null);
                }
                checks.add(check(i, expected, actual, views));
            }
        }
        String[] names = {"Total params", "Trainable params", "Non-trainable params"};
        List<TotalCheck> totals = new ArrayList<>();
        for (int t = 0; t < names.length; t++) {
            List<Long> actual = new ArrayList<>();
            for (ModelView view : views) {
                NetworkSummary summary = view.summary();
                actual.add(t == 0 ? summary.totalParams() : t == 1 ? summary.trainableParams()
                        : summary.nonTrainableParams());
            }
            totals.add(new TotalCheck(names[t], expectedTotals[t], actual));
        }
        return new Comparison(model, expectedSource, views, checks, totals);
    }

    private static LayerCheck check(int index, ExpectedLayer expected, List<LayerSummary> actual,
            List<ModelView> views) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            String view = views.size() > 1 ? views.get(v).id() + " " : "";
            LayerSummary layer = actual.get(v);
            if (expected == null) {
                problems.add(view + "has this layer, the expectation does not (" + layer.className() + ", "
                        + shape(layer.outputShape()) + ", " + layer.params() + " params)");
                continue;
            }
            if (layer == null) {
                problems.add(view + "lacks this layer (expected " + expected.classText() + ", "
                        + shape(expected.outputShape()) + ", " + expected.params() + " params)");
                continue;
            }
            if (!expected.classMatches(layer.className())) {
                problems.add(view + "class: expected " + expected.classText() + ", actual " + layer.className());
            }
            if (expected.outputShape() != null && !fits(expected.outputShape(), layer.outputShape())) {
                problems.add(view + "output shape: expected " + expected.outputShape() + ", actual "
                        + shape(layer.outputShape()));
            }
            if (expected.params() != null && expected.params() != layer.params()) {
                problems.add(view + "params: expected " + expected.params() + ", actual " + layer.params());
            }
            if (v == 0 && !expected.name().equals(layer.name())) {
                notes.add("named '" + expected.name() + "' in the expectation");
            }
        }
        return new LayerCheck(index, expected, actual, problems, notes);
    }

    /**
     * Whether {@code actual} is {@code expected}, where an open ({@code None}) dimension of the
     * expectation (a Keras summary of a model with open image sizes) fits any size the conversion
     * was given.
     */
    static boolean fits(Shape expected, Shape actual) {
        if (actual == null || expected.rank() != actual.rank()) {
            return false;
        }
        for (int d = 0; d < expected.rank(); d++) {
            if (expected.dim(d) != null && !expected.dim(d).equals(actual.dim(d))) {
                return false;
            }
        }
        return true;
    }

    private static String shape(Shape shape) {
        return shape == null ? "?" : shape.toString();
    }
}
