package org.keras2dl4j;

import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.dl4j.Dl4jNetwork;
import org.keras2dl4j.dl4j.ModelInfo;
import org.keras2dl4j.dl4j.NetworkArchive;
import org.keras2dl4j.keras.NetworkSummary;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Keras model converted to a DL4J network with its weights, ready for {@link #output}. Functional
 * models are {@link ComputationGraph}s, Sequential models {@link MultiLayerNetwork}s. Inputs and
 * outputs use Keras's layout: batch first, channels last for images ({@code [n, 224, 224, 3]}).
 */
public final class ConvertedModel {
    private final Dl4jNetwork network;

    ConvertedModel(Dl4jNetwork network) {
        this.network = network;
    }

    /** The DL4J network: a {@link ComputationGraph} or a {@link MultiLayerNetwork}. */
    public Model network() {
        return network.network();
    }

    public boolean isGraph() {
        return network.network() instanceof ComputationGraph;
    }

    /** The network as a graph; fails for a Sequential model (see {@link #isGraph()}). */
    public ComputationGraph graph() {
        if (!isGraph()) {
            throw new IllegalStateException("a Sequential model converts to a MultiLayerNetwork, not a graph");
        }
        return (ComputationGraph) network.network();
    }

    /** The network of a Sequential model; fails for a functional model (see {@link #isGraph()}). */
    public MultiLayerNetwork multiLayerNetwork() {
        if (isGraph()) {
            throw new IllegalStateException("a functional model converts to a ComputationGraph");
        }
        return (MultiLayerNetwork) network.network();
    }

    /** The Keras side: source file, Keras version, layer names and classes. */
    public ModelInfo info() {
        return network.info();
    }

    /**
     * Runs inference (dropout off, BatchNormalization with its moving statistics) and returns the
     * outputs in the order of the Keras model's outputs.
     */
    public INDArray[] outputs(INDArray... inputs) {
        if (isGraph()) {
            return graph().output(false, inputs);
        }
        if (inputs.length != 1) {
            throw new IllegalArgumentException("a Sequential model takes 1 input, got " + inputs.length);
        }
        return new INDArray[] {multiLayerNetwork().output(inputs[0], false)};
    }

    /** The output of a single-output model. */
    public INDArray output(INDArray... inputs) {
        INDArray[] outputs = outputs(inputs);
        if (outputs.length != 1) {
            throw new IllegalStateException("the model has " + outputs.length + " outputs; use outputs(...)");
        }
        return outputs[0];
    }

    /** The Keras-style summary of the converted network (DL4J's shapes and parameter counts). */
    public NetworkSummary summary() {
        return network.summary();
    }

    /**
     * Saves the network as a zip that DL4J's {@code ModelSerializer} and {@code ComputationGraph.load}
     * read, and {@link KerasModels#load(Path)} reads back with its Keras side. All or nothing.
     */
    public void save(Path zip) {
        NetworkArchive.write(network.network(), network.info(), zip);
    }
}
