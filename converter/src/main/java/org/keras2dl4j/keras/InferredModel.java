package org.keras2dl4j.keras;

import java.util.List;
import java.util.Optional;

/**
 * A model's layers with Keras's shapes and parameter counts, computed in Java from the config
 * alone: what {@code model.summary()} would print, without Keras and without ND4J.
 */
public record InferredModel(ModelConfig config, List<InferredLayer> layers) {

    public InferredModel {
        layers = List.copyOf(layers);
    }

    public Optional<InferredLayer> layer(String name) {
        return layers.stream().filter(l -> l.layer().name().equals(name)).findFirst();
    }

    public long totalParams() {
        return layers.stream().mapToLong(InferredLayer::params).reduce(0, Math::addExact);
    }

    public long trainableParams() {
        return layers.stream().mapToLong(InferredLayer::trainableParams).reduce(0, Math::addExact);
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    /**
     * The summary Keras would print for this model: one row per layer (a shared layer once, with its
     * calls' output shape, or none when they differ, which Keras prints as "multiple"), except that a
     * Sequential model's summary has no InputLayer row.
     */
    public NetworkSummary summary() {
        java.util.Map<String, Shape> shapes = new java.util.HashMap<>();
        java.util.Set<String> multiple = new java.util.HashSet<>();
        for (InferredLayer l : layers) {
            Shape previous = shapes.putIfAbsent(l.layer().weightOwner(), l.outputShape());
            if (previous != null && !previous.equals(l.outputShape())) {
                multiple.add(l.layer().weightOwner());
            }
        }
        java.util.Map<String, String> nestedIn = new java.util.HashMap<>();
        for (LayerOrigin origin : ModelConfigParser.origins(config)) {
            if (!origin.outerLayer().equals(origin.name())) {
                nestedIn.put(origin.name(), origin.outerLayer());
            }
        }
        return new NetworkSummary(config.name(), config.className(), layers.stream()
                .filter(l -> !(config.isSequential() && "InputLayer".equals(l.layer().className())))
                .filter(l -> !l.layer().isRepeatedCall())
                .map(l -> new LayerSummary(l.layer().name(), l.layer().className(),
                        multiple.contains(l.layer().name()) ? null : l.outputShape(), l.params(),
                        l.nonTrainableParams(), nestedIn.get(l.layer().name())))
                .toList());
    }
}
