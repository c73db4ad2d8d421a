package org.keras2dl4j.dl4j;

import java.util.List;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;
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

    /** The shapes the network's inputs take, batch first, in the layout the network uses. */
    public List<Shape> inputShapes() {
        return info.inputTypes().stream().map(json -> InputTypes.toKerasShape(InputTypes.fromJson(json))).toList();
    }
}
