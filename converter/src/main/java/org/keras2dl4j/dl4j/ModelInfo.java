package org.keras2dl4j.dl4j;

import java.util.List;
import org.keras2dl4j.keras.NetworkSummary;

/**
 * The Keras side of a converted network, stored beside it in the {@code .zip}: the source file and
 * its Keras version, the model class and name, the rows of the model's Keras summary (as the
 * conversion checked them against the DL4J network), and the network inputs (names and DL4J types
 * as JSON). With it a saved network is summarised as Keras summarises the model, without the
 * original file.
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

    /** The Keras summary of the model. */
    public NetworkSummary summary() {
        return new NetworkSummary(modelName, modelClass, layers.stream().map(LayerInfo::summary).toList());
    }

    /** The info of the network {@code plan} describes. */
    static ModelInfo of(GraphPlan plan) {
        var config = plan.model().config();
        return new ModelInfo(config.source(), config.kerasVersion(), config.backend(), config.className(),
                config.name(), plan.model().summary().layers().stream().map(LayerInfo::of).toList(),
                List.copyOf(plan.inputs().keySet()), plan.inputs().values().stream().map(InputTypes::toJson).toList());
    }
}
