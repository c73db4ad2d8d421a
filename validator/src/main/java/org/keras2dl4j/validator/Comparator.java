package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;

/**
 * Compares views of a model with an expectation. The expected rows are aligned with each view's
 * layers as a sequence diff ({@link Alignment}); the views' alignments are merged into one list of
 * rows, and each row names its differences once, whatever the number of views showing them. Totals
 * compare the model's own parameters (trainable + non-trainable), never Keras 3's total with
 * optimizer variables.
 */
final class Comparator {
    private Comparator() {
    }

    /**
     * @param expectation    what the expectation is called in messages: "summary" or "Keras file"
     * @param expectedLayers per-layer expectations, or null to check totals only
     * @param expectedTotals total, trainable and non-trainable parameters expected; null entries are
     *     not checked
     * @param notes          remarks on the expectation that are no difference
     */
    static Comparison compare(String model, String expectedSource, String expectation,
            List<ExpectedLayer> expectedLayers, Long[] expectedTotals, List<ModelView> views, List<String> notes) {
        List<LayerCheck> checks = expectedLayers == null ? List.of()
                : new Rows(expectation, expectedLayers, views).build();
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
        return new Comparison(model, expectedSource, views, checks, totals, notes);
    }

    /**
     * Whether {@code actual} is {@code expected}, where an open ({@code None}) dimension of the
     * expectation (a Keras summary of a model with open image sizes) fits any size the conversion
     * was given.
     */
    static boolean fits(Shape expected, Shape actual) {
        return Alignment.fits(expected, actual);
    }

    /** What one view has at one place of the alignment: a layer, or a nested model and its layers. */
    private record Unit(LayerSummary shown, List<LayerSummary> layers) {
        String key() {
            return shown.name() + " (" + shown.className() + ")";
        }
    }

    /** The merge of the views' alignments into rows, and each row's problems and notes. */
    private static final class Rows {
        private final String expectation;
        private final List<ExpectedLayer> expected;
        private final List<ModelView> views;
        private final int n;
        /** Per view: what it has at each expected row (null: nothing). */
        private final Unit[][] at;
        /** Per view: the layers it has before each expected row (index n: after the last). */
        private final List<List<List<Unit>>> extras = new ArrayList<>();
        private final List<LayerCheck> checks = new ArrayList<>();

        Rows(String expectation, List<ExpectedLayer> expected, List<ModelView> views) {
            this.expectation = expectation;
            this.views = views;
            this.n = expected.size();
            List<ExpectedLayer> numbered = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ExpectedLayer e = expected.get(i);
                numbered.add(e.row() > 0 ? e : new ExpectedLayer(i + 1, e.name(), e.nameCut(), e.className(),
                        e.classNameCut(), e.outputShape(), e.params(), e.nestedIn()));
            }
            this.expected = numbered;
            this.at = new Unit[views.size()][n];
            // Views normally have identical layers (both come from the same Keras description): align once.
            Map<List<LayerSummary>, List<Alignment.Step>> done = new HashMap<>();
            for (int v = 0; v < views.size(); v++) {
                List<LayerSummary> layers = views.get(v).summary().layers();
                List<Alignment.Step> steps = done.computeIfAbsent(layers, l -> Alignment.align(numbered, l));
                List<List<Unit>> gaps = new ArrayList<>();
                for (int g = 0; g <= n; g++) {
                    gaps.add(new ArrayList<>());
                }
                int next = 0;
                for (Alignment.Step step : steps) {
                    Unit unit = step.hasActual() ? unit(layers, step, step.expected() < 0 ? null
                            : numbered.get(step.expected())) : null;
                    if (step.expected() >= 0) {
                        at[v][step.expected()] = unit;
                        next = step.expected() + 1;
                    } else {
                        gaps.get(next).add(unit);
                    }
                }
                extras.add(gaps);
            }
        }

        private static Unit unit(List<LayerSummary> layers, Alignment.Step step, ExpectedLayer paired) {
            if (!step.nested()) {
                return new Unit(layers.get(step.from()), List.of());
            }
            LayerSummary nested = Alignment.nested(layers, step.from(), step.to());
            if (paired != null && paired.isModel() && !paired.classNameCut()) {
                nested = new LayerSummary(nested.name(), paired.className(), nested.outputShape(), nested.params(),
                        nested.nonTrainableParams());
            }
            return new Unit(nested, layers.subList(step.from(), step.to()));
        }

        List<LayerCheck> build() {
            for (int g = 0; g <= n; g++) {
                mergeExtras(g);
                if (g < n) {
                    List<Unit> units = new ArrayList<>();
                    for (int v = 0; v < views.size(); v++) {
                        units.add(at[v][g]);
                    }
                    checks.add(check(expected.get(g), units, g));
                }
            }
            return checks;
        }

        /** The layers the views have before expected row g: one row per layer, views paired by name. */
        private void mergeExtras(int g) {
            List<List<Unit>> queues = new ArrayList<>();
            for (List<List<Unit>> gaps : extras) {
                queues.add(new ArrayList<>(gaps.get(g)));
            }
            while (queues.stream().anyMatch(q -> !q.isEmpty())) {
                int lead = 0;
                while (queues.get(lead).isEmpty()) {
                    lead++;
                }
                String key = queues.get(lead).get(0).key();
                List<Unit> units = new ArrayList<>();
                for (int v = 0; v < queues.size(); v++) {
                    List<Unit> queue = queues.get(v);
                    units.add(v >= lead && !queue.isEmpty() && queue.get(0).key().equals(key) ? queue.remove(0) : null);
                }
                checks.add(check(null, units, g));
            }
        }

        private LayerCheck check(ExpectedLayer e, List<Unit> units, int gap) {
            List<LayerSummary> actual = new ArrayList<>();
            List<List<LayerSummary>> nestedLayers = new ArrayList<>();
            for (Unit unit : units) {
                actual.add(unit == null ? null : unit.shown());
                nestedLayers.add(unit == null ? List.of() : unit.layers());
            }
            List<String> problems = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            LayerSummary first = actual.stream().filter(Objects::nonNull).findFirst().orElse(null);
            List<String> present = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            for (int v = 0; v < views.size(); v++) {
                (actual.get(v) == null ? absent : present).add(views.get(v).id());
            }
            String only = views.size() > 1 && !absent.isEmpty() ? " (" + String.join(", ", present) + " only)" : "";
            if (e == null) {
                if (Alignment.isInputLayer(first)) {
                    notes.add("not in the " + expectation + only + ", not compared: an InputLayer computes nothing "
                            + "and Keras prints none for Sequential models");
                } else {
                    problems.add("not in the " + expectation + ": '" + first.name() + "' (" + first.className() + ")"
                            + only + ": " + describe(first, units) + ", "
                            + (gap == 0 ? "before row 1" : "after row " + expected.get(gap - 1).row()));
                }
                return new LayerCheck(checks.size(), null, actual, nestedLayers, problems, notes);
            }
            if (first == null) {
                if (e.isInputLayer()) {
                    notes.add("only in the " + expectation + ", not compared: an InputLayer computes nothing "
                            + "and Keras prints none for Sequential models");
                } else {
                    problems.add("missing from the model: '" + e.name() + "' (" + e.classText() + "): row " + e.row()
                            + " of the " + expectation + ", " + shape(e.outputShape())
                            + (e.params() == null ? "" : ", " + e.params() + " params"));
                }
                return new LayerCheck(checks.size(), e, actual, nestedLayers, problems, notes);
            }
            // The row as the expectation names it (unless Keras cut the name or class), and the model's name
            // when it is another.
            String prefix = "row " + e.row() + " '" + (e.nameCut() ? first.name() : e.name()) + "' ("
                    + (e.classNameCut() ? first.className() : e.className()) + ")"
                    + (e.nameMatches(first.name()) ? "" : ", model layer '" + first.name() + "'") + ": ";
            if (!absent.isEmpty()) {
                problems.add(prefix + "missing from the " + String.join(", ", absent) + " view");
            }
            compareField(problems, prefix, "class", e.classText(), actual, units,
                    (a, u) -> u.layers().isEmpty() ? e.classMatches(a.className())
                            : e.isModel() || e.nameMatches(a.name()),
                    a -> a.className());
            if (e.outputShape() != null) {
                compareField(problems, prefix, "output shape", e.outputShape().toString(), actual, units,
                        (a, u) -> Alignment.fits(e.outputShape(), a.outputShape()), a -> shape(a.outputShape()));
            }
            if (e.params() != null) {
                compareField(problems, prefix, "params", e.params().toString(), actual, units,
                        (a, u) -> a.params() == e.params(), a -> Long.toString(a.params()));
            }
            if (!e.nameMatches(first.name())) {
                notes.add("named '" + e.name() + "' in the " + expectation);
            }
            return new LayerCheck(checks.size(), e, actual, nestedLayers, problems, notes);
        }

        /** One line for a field that differs in some view: the views' values once when they agree. */
        private void compareField(List<String> problems, String prefix, String field, String expectedValue,
                List<LayerSummary> actual, List<Unit> units, java.util.function.BiPredicate<LayerSummary, Unit> ok,
                Function<LayerSummary, String> value) {
            boolean differs = false;
            List<String> values = new ArrayList<>();
            List<String> labelled = new ArrayList<>();
            for (int v = 0; v < actual.size(); v++) {
                LayerSummary a = actual.get(v);
                if (a == null) {
                    continue;
                }
                differs |= !ok.test(a, units.get(v));
                values.add(value.apply(a));
                labelled.add(views.get(v).id() + " " + value.apply(a));
            }
            if (differs) {
                problems.add(prefix + field + " expected " + expectedValue + ", actual "
                        + (values.stream().distinct().count() == 1 ? values.get(0) : String.join(", ", labelled)));
            }
        }

        private static String describe(LayerSummary layer, List<Unit> units) {
            Unit unit = units.stream().filter(Objects::nonNull).findFirst().orElseThrow();
            return (unit.layers().isEmpty() ? "" : "a nested model of " + unit.layers().size() + " layers, ")
                    + shape(layer.outputShape()) + ", " + layer.params() + " params";
        }
    }

    private static String shape(Shape shape) {
        return shape == null ? "?" : shape.toString();
    }
}
