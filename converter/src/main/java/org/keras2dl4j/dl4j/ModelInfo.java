package org.keras2dl4j.dl4j;

import java.util.List;

/**
 * The Keras side of a converted network, stored beside it in the {@code .zip}: the source file and
 * its Keras version, the model class and name, the Keras layers in order, and the network inputs
 * (layer names and DL4J input types as JSON). With it a saved network can be summarised the Keras
 * way, with Keras's layer names and classes, without the original file.
 */
public record ModelInfo(
        String sourceFile,
        String kerasVersion,
        String backend,
        String modelClass,
        String modelName,
        List<LayerInfo> layers,
        List<String> inputNames,
        List<String> inputTypes) {

    public ModelInfo {
        layers = List.copyOf(layers);
        inputNames = List.copyOf(inputNames);
        inputTypes = List.copyOf(inputTypes);
    }

    public boolean sequential() {
        return "Sequential".equals(modelClass);
    }
}
