package org.keras2dl4j.dl4j;

import org.keras2dl4j.keras.NetworkSummary;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A DL4J network ({@link ComputationGraph} or {@link MultiLayerNetwork}) with the Keras side of it.
 */
public record Dl4jNetwork(Model network, ModelInfo info) {

    /** This network's summary, the Keras way. */
    public NetworkSummary summary() {
        return network instanceof ComputationGraph graph
                ? Dl4jSummaries.of(graph.getConfiguration(), info)
                : Dl4jSummaries.of(((MultiLayerNetwork) network).getLayerWiseConfigurations(), info);
    }
}
