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
 * Text and JSON reports of a {@link Comparison}. The text is a Keras-like table of the aligned rows
 * with a verdict column, notes, the differences one per line, and a one-line verdict at the end.
 * The JSON schema ({@value #SCHEMA}) is documented in {@code docs/validation-report.md}.
 */
public final class ValidationReport {
    /** The JSON report's schema identifier; changes to the schema change its number. */
    public static final String SCHEMA = "keras2dl4j/validation-report/2";

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
            KerasTable table = new KerasTable(List.of("Row", "Layer (type)", "Expected shape", "Actual shape",
                    "Expected #", "Actual #", "Verdict"));
            for (LayerCheck check : comparison.layers()) {
                ExpectedLayer e = check.expected();
                String layers = check.nested() ? ", " + check.nestedLayers().stream().filter(l -> !l.isEmpty())
                        .findFirst().orElseThrow().size() + " layers" : "";
                table.row(List.of(e == null ? "-" : Integer.toString(e.row()),
                        check.name() + " (" + check.className() + layers + ")",
                        e == null ? "-" : shape(e.outputShape()),
                        actual(comparison, check, l -> shape(l.outputShape())),
                        e == null || e.params() == null ? "-" : Long.toString(e.params()),
                        actual(comparison, check, l -> Long.toString(l.params())),
                        verdict(check.status())));
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
        for (String note : comparison.notes()) {
            sb.append("Note: ").append(note).append('\n');
        }
        for (LayerCheck check : comparison.layers()) {
            if (check.status() == LayerCheck.Status.OPTIONAL) {
                sb.append("Note: ").append(check.expected() == null ? "layer" : "row " + check.row()).append(" '")
                        .append(check.name()).append("' (").append(check.className()).append("): ")
                        .append(check.notes().get(0)).append('\n');
            }
        }
        long renamed = comparison.layers().stream().filter(LayerCheck::renamed).count();
        if (renamed > 0) {
            sb.append("Note: ").append(renamed).append(" layer(s) have other names in the expectation "
                    + "(Keras versions number layers differently); names are not compared.\n");
        }
        List<String> problems = comparison.problems();
        if (comparison.matches()) {
            sb.append("Verdict: OK. ");
            sb.append(comparison.layers().isEmpty() ? "The totals match" : "All " + comparison.comparedLayers()
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
            if (check.expected() == null) {
                node.putNull("row");
            } else {
                node.put("row", check.row());
            }
            node.put("status", check.status().name().toLowerCase(java.util.Locale.ROOT));
            node.put("matches", check.matches());
            ExpectedLayer e = check.expected();
            if (e == null) {
                node.putNull("expected");
            } else {
                ObjectNode expected = node.putObject("expected");
                expected.put("name", e.name());
                expected.put("name_cut", e.nameCut());
                expected.put("class_name", e.className());
                expected.put("class_name_cut", e.classNameCut());
                putShape(expected, e.outputShape());
                if (e.params() == null) {
                    expected.putNull("params");
                } else {
                    expected.put("params", e.params());
                }
                if (e.nestedIn() == null) {
                    expected.putNull("nested_in");
                } else {
                    expected.put("nested_in", e.nestedIn());
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
                    if (layer.nestedIn() == null) {
                        a.putNull("nested_in");
                    } else {
                        a.put("nested_in", layer.nestedIn());
                    }
                    List<LayerSummary> nested = check.nestedLayers().get(v);
                    if (!nested.isEmpty()) {
                        ArrayNode inside = a.putArray("layers");
                        for (LayerSummary l : nested) {
                            ObjectNode n = inside.addObject();
                            n.put("name", l.name());
                            n.put("class_name", l.className());
                            putShape(n, l.outputShape());
                            n.put("params", l.params());
                            n.put("non_trainable_params", l.nonTrainableParams());
                        }
                    }
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
        ArrayNode notes = root.putArray("notes");
        comparison.notes().forEach(notes::add);
        root.put("differing_layers", comparison.differingLayers());
        ArrayNode problems = root.putArray("problems");
        comparison.problems().forEach(problems::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String verdict(LayerCheck.Status status) {
        return switch (status) {
            case OK -> "ok";
            case DIFFERS -> "DIFFERS";
            case MISSING -> "MISSING";
            case EXTRA -> "NOT EXPECTED";
            case OPTIONAL -> "not compared";
        };
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
