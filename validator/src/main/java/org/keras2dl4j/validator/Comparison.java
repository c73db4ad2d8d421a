package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of validating a model: which views of it were compared with which expectation, the
 * per-layer checks and the totals. {@link #problems()} names every difference with expected and
 * actual values; {@link #matches()} is the verdict.
 */
public record Comparison(String model, String expectedSource, List<ModelView> views, List<LayerCheck> layers,
        List<TotalCheck> totals) {

    public Comparison {
        views = List.copyOf(views);
        layers = List.copyOf(layers);
        totals = List.copyOf(totals);
    }

    public boolean matches() {
        return layers.stream().allMatch(LayerCheck::matches) && totals.stream().allMatch(TotalCheck::matches);
    }

    /** Every difference, one line each, naming the layer or the total. */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        for (LayerCheck layer : layers) {
            for (String problem : layer.problems()) {
                lines.add("layer " + (layer.index() + 1) + " '" + layer.name() + "' (" + layer.className() + "): "
                        + problem);
            }
        }
        for (TotalCheck total : totals) {
            if (!total.matches()) {
                for (int v = 0; v < views.size(); v++) {
                    if (!total.expected().equals(total.actual().get(v))) {
                        lines.add(total.name() + ": expected " + total.expected() + ", " + views.get(v).id() + " "
                                + total.actual().get(v));
                    }
                }
            }
        }
        return lines;
    }

    /** How many layers differ. */
    public long differingLayers() {
        return layers.stream().filter(l -> !l.matches()).count();
    }
}
