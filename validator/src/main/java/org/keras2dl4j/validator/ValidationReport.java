package org.keras2dl4j.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.report.KerasTable;

/**
 * Text and JSON reports of a {@link Comparison}. The text is a Keras-like table with a verdict
 * column, the differences one per line, and a one-line verdict at the end. The JSON schema
 * ({@value #SCHEMA}) is documented in {@code docs/validation-report.md}.
 */
public final class ValidationReport {
    /** The JSON report's schema identifier; changes to the schema change its number. */
    public static final String SCHEMA = "keras2dl4j/validation-report/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ValidationReport() {
    }

    public static String text(Comparison comparison) {
        StringBuilder sb = new StringBuilder();
        sb.append("Validating ").append(comparison.model()).append(" against ").append(comparison.expectedSource())
                .append('\n');
        sb.append("Views: ");
        for (int v = 0; v < comparison.views().size(); v++) {
            ModelView view = comparison.views().get(v);
            sb.append(v > 0 ? "; " : "").append(view.id()).append(" = ").append(view.description());
        }
        sb.append('\n');
        if (!comparison.layers().isEmpty()) {
            KerasTable table = new KerasTable(List.of("Layer (type)", "Expected shape", "Actual shape",
                    "Expected #", "Actual #", "Verdict"));
            for (LayerCheck check : comparison.layers()) {
                ExpectedLayer e = check.expected();
                table.row(List.of(check.name() + " (" + check.className() + ")",
                        e == null ? "-" : shape(e.outputShape()),
                        actual(comparison, check, l -> shape(l.outputShape())),
                        e == null || e.params() == null ? "-" : Long.toString(e.params()),
                        actual(comparison, check, l -> Long.toString(l.params())),
                        check.matches() ? "ok" : "DIFFERS"));
            }
            sb.append(table.render());
        }
        for (TotalCheck total : comparison.totals()) {
            sb.append(total.name()).append(": ");
            if (total.expected() != null) {
                sb.append("expected ").append(KerasTable.count(total.expected())).append(", ");
            }
            List<String> values = new ArrayList<>();
            for (int v = 0; v < comparison.views().size(); v++) {
                values.add((comparison.views().size() > 1 ? comparison.views().get(v).id() + " " : "actual ")
                        + KerasTable.count(total.actual().get(v)));
            }
            sb.append(String.join(", ", values));
            sb.append(total.expected() == null ? "" : total.matches() ? "  ok" : "  DIFFERS").append('\n');
        }
        long renamed = comparison.layers().stream().filter(l -> !l.notes().isEmpty()).count();
        if (renamed > 0) {
            sb.append("Note: ").append(renamed).append(" layer(s) have other names in the expectation "
                    + "(Keras versions number layers differently); names are not compared.\n");
        }
        List<String> problems = comparison.problems();
        if (comparison.matches()) {
            sb.append("Verdict: OK. ");
            sb.append(comparison.layers().isEmpty() ? "The totals match" : "All " + comparison.layers().size()
                    + " layers and the totals match");
            sb.append(" (").append(KerasTable.count(comparison.totals().get(0).actual().get(0))).append(" params).\n");
        } else {
            sb.append("Differences:\n");
            problems.forEach(p -> sb.append("  ").append(p).append('\n'));
            long totals = comparison.totals().stream().filter(t -> !t.matches()).count();
            sb.append("Verdict: MISMATCH. ").append(comparison.differingLayers()).append(" layer(s) and ")
                    .append(totals).append(" total(s) differ.\n");
        }
        return sb.toString();
    }

    public static String json(Comparison comparison) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("model", comparison.model());
        root.put("expected_source", comparison.expectedSource());
        root.put("matches", comparison.matches());
        ArrayNode views = root.putArray("views");
        for (ModelView view : comparison.views()) {
            views.addObject().put("id", view.id()).put("description", view.description());
        }
        ArrayNode layers = root.putArray("layers");
        for (LayerCheck check : comparison.layers()) {
            ObjectNode node = layers.addObject();
            node.put("index", check.index());
            node.put("matches", check.matches());
            ExpectedLayer e = check.expected();
            if (e == null) {
                node.putNull("expected");
            } else {
                ObjectNode expected = node.putObject("expected");
                expected.put("name", e.name());
                expected.put("class_name", e.className());
                expected.put("class_name_cut", e.classNameCut());
                putShape(expected, e.outputShape());
                if (e.params() == null) {
                    expected.putNull("params");
                } else {
                    expected.put("params", e.params());
                }
            }
            ObjectNode actual = node.putObject("actual");
            for (int v = 0; v < comparison.views().size(); v++) {
                LayerSummary layer = check.actual().get(v);
                String id = comparison.views().get(v).id();
                if (layer == null) {
                    actual.putNull(id);
                } else {
                    ObjectNode a = actual.putObject(id);
                    a.put("name", layer.name());
                    a.put("class_name", layer.className());
                    putShape(a, layer.outputShape());
                    a.put("params", layer.params());
                    a.put("non_trainable_params", layer.nonTrainableParams());
                }
            }
            ArrayNode problems = node.putArray("problems");
            check.problems().forEach(problems::add);
            ArrayNode notes = node.putArray("notes");
            check.notes().forEach(notes::add);
        }
        ArrayNode totals = root.putArray("totals");
        for (TotalCheck total : comparison.totals()) {
            ObjectNode node = totals.addObject();
            node.put("name", total.name());
            if (total.expected() == null) {
                node.putNull("expected");
            } else {
                node.put("expected", total.expected());
            }
            ObjectNode actual = node.putObject("actual");
            for (int v = 0; v < comparison.views().size(); v++) {
                actual.put(comparison.views().get(v).id(), total.actual().get(v));
            }
            node.put("matches", total.matches());
        }
        ArrayNode problems = root.putArray("problems");
        comparison.problems().forEach(problems::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One value when every view agrees, else each view's value. */
    private static String actual(Comparison comparison, LayerCheck check, Function<LayerSummary, String> value) {
        List<String> values = new ArrayList<>();
        for (LayerSummary layer : check.actual()) {
            values.add(layer == null ? "-" : value.apply(layer));
        }
        if (values.stream().distinct().count() == 1) {
            return values.get(0);
        }
        List<String> labelled = new ArrayList<>();
        for (int v = 0; v < values.size(); v++) {
            labelled.add(comparison.views().get(v).id() + " " + values.get(v));
        }
        return String.join("; ", labelled);
    }

    private static void putShape(ObjectNode node, Shape shape) {
        if (shape == null) {
            node.putNull("output_shape");
            return;
        }
        ArrayNode dims = node.putArray("output_shape");
        shape.dims().forEach(d -> {
            if (d == null) {
                dims.addNull();
            } else {
                dims.add(d);
            }
        });
    }

    private static String shape(Shape shape) {
        return Objects.toString(shape, "?");
    }
}
