package org.keras2dl4j.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A Keras model's architecture, read from any supported file and normalised to one description:
 * the model class ({@code Sequential}, {@code Functional} or Keras 2.2's {@code Model}), its layers
 * in the order Keras lists them (which is a topological order), the input and output layer names,
 * and the Keras version and backend that wrote it.
 *
 * <p>{@link #json()} is the model JSON as read, with {@code keras_version} and {@code backend} filled
 * in from the file when the JSON itself lacks them.
 */
public record ModelConfig(
        String source,
        String className,
        String name,
        List<LayerSpec> layers,
        List<String> inputLayers,
        List<String> outputLayers,
        String kerasVersion,
        String backend,
        ObjectNode json) {

    public ModelConfig {
        layers = List.copyOf(layers);
        inputLayers = List.copyOf(inputLayers);
        outputLayers = List.copyOf(outputLayers);
    }

    /** Whether this is a {@code Sequential} model (DL4J: MultiLayerNetwork) rather than a graph. */
    public boolean isSequential() {
        return "Sequential".equals(className);
    }

    /** The layer called {@code name}, if there is one. */
    public Optional<LayerSpec> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The Keras major version (1, 2 or 3), from {@link #kerasVersion()}; 1 when it was not recorded. */
    public int kerasMajorVersion() {
        return KerasVersion.major(kerasVersion);
    }
}
