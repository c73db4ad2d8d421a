package org.keras2dl4j.dl4j;

import org.keras2dl4j.keras.NetworkSummary;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;

/**
 * A Keras architecture as DL4J configures it, before any parameter exists: exactly one of a
 * {@link ComputationGraphConfiguration} (functional models) or a {@link MultiLayerConfiguration}
 * (Sequential models), DL4J's Keras layer objects that know how to take Keras weights, and the
 * network's input types.
 */
public record Dl4jArchitecture(
        ComputationGraphConfiguration graphConfiguration,
        MultiLayerConfiguration multiLayerConfiguration,
        Map<String, KerasLayer> kerasLayers,
        List<InputType> inputTypes,
        ModelInfo info) {

    public boolean isGraph() {
        return graphConfiguration != null;
    }

    /** The summary of the network this architecture makes, the Keras way. */
    public NetworkSummary summary() {
        return isGraph() ? Dl4jSummaries.of(graphConfiguration, info) : Dl4jSummaries.of(multiLayerConfiguration, info);
    }
}
