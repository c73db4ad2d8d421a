package org.keras2dl4j.dl4j;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;

/** A DL4J network ({@link ComputationGraph} or {@link MultiLayerNetwork}) with the Keras side of it. */
public record Dl4jNetwork(Model network, ModelInfo info) {

    /** The model's Keras summary. */
    public NetworkSummary summary() {
        return info.summary();
    }

    /** The shapes the network's inputs take, batch first, in Keras's layout. */
    public List<Shape> inputShapes() {
        return info.inputTypes().stream().map(json -> InputTypes.toKerasShape(InputTypes.fromJson(json))).toList();
    }
}
