package org.keras2dl4j.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One layer of a Keras model as its config describes it: the name, the Keras {@code class_name}, the
 * layer's {@code config} object and the names of the layers that feed it (for a Sequential model,
 * the layer before it). Weights are not part of a layer spec; see {@link WeightSource}.
 */
public record LayerSpec(String name, String className, ObjectNode config, List<String> inbound) {

    public LayerSpec {
        inbound = List.copyOf(inbound);
    }

    /** The layer's config as a typed accessor whose errors name this layer. */
    public LayerConfig fields(String source) {
        return new LayerConfig(source, this);
    }

    /** Whether Keras trains this layer's weights ({@code "trainable": false} freezes them). */
    public boolean trainable() {
        return !config.has("trainable") || config.get("trainable").asBoolean(true);
    }
}
