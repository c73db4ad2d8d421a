package org.keras2dl4j.validator;

import java.util.List;
import java.util.stream.Stream;

/** The outcome of comparing a model with what was expected of it: per layer, then the totals. */
public record Comparison(String expectedSource, String actualSource, List<LayerCheck> layers, List<TotalCheck> totals) {

    public Comparison {
        layers = List.copyOf(layers);
        totals = List.copyOf(totals);
    }

    public boolean matches() {
        return layers.stream().allMatch(LayerCheck::matches) && totals.stream().allMatch(TotalCheck::matches);
    }

    /** Every difference, one line each, naming the layer or total with expected and actual values. */
    public List<String> problems() {
        return Stream.concat(
                layers.stream().flatMap(l -> l.problems().stream().map(p -> "layer " + (l.index() + 1) + " '"
                        + l.name() + "': " + p)),
                totals.stream().filter(t -> !t.matches()).map(t -> t.name() + ": expected " + t.expected()
                        + ", actual " + t.actual()))
                .toList();
    }
}
