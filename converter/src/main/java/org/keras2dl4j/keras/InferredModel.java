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
        return layers.stream().mapToLong(InferredLayer::params).sum();
    }

    public long trainableParams() {
        return layers.stream().mapToLong(InferredLayer::trainableParams).sum();
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    /**
     * The summary Keras would print for this model: one row per layer, except that a Sequential
     * model's summary has no InputLayer row.
     */
    public NetworkSummary summary() {
        return new NetworkSummary(config.name(), config.className(), layers.stream()
                .filter(l -> !(config.isSequential() && "InputLayer".equals(l.layer().className())))
                .map(l -> new LayerSummary(l.layer().name(), l.layer().className(), l.outputShape(), l.params(),
                        l.nonTrainableParams()))
                .toList());
    }
}
