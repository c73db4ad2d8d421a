package org.keras2dl4j.keras;

import java.util.List;

/**
 * A model summary in Keras's terms: what {@code model.summary()} shows, one {@link LayerSummary}
 * per layer (Sequential models list no InputLayer, as in Keras) and the totals with the
 * trainable / non-trainable split.
 */
public record NetworkSummary(String modelName, String modelClass, List<LayerSummary> layers) {

    public NetworkSummary {
        layers = List.copyOf(layers);
    }

    public long totalParams() {
        return layers.stream().mapToLong(LayerSummary::params).reduce(0, Math::addExact);
    }

    public long trainableParams() {
        return layers.stream().mapToLong(LayerSummary::trainableParams).reduce(0, Math::addExact);
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }
}
