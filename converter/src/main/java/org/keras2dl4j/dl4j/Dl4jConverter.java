package org.keras2dl4j.dl4j;

import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.Progress;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.WeightSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds DL4J networks from the toolkit's own description of a Keras model: each layer's descriptor
 * plans its DL4J blocks ({@link GraphPlan}), the network is allocated without drawing random initial
 * weights (DL4J's {@code init()} would, and for LSTMs through a native SVD that can hang), and every
 * parameter is filled from the Keras weights, whose shapes {@link org.keras2dl4j.keras.WeightCheck}
 * has checked. A Sequential model whose blocks form a chain of DL4J layers becomes a
 * {@link MultiLayerNetwork}, any other a {@link ComputationGraph}. No DL4J Keras import is involved.
 */
public final class Dl4jConverter {
    private Dl4jConverter() {
    }

    /** The plan of {@code model}'s DL4J network: its configuration, checked against Keras; no parameters. */
    public static GraphPlan plan(InferredModel model) {
        GraphPlan plan = GraphPlan.of(model);
        configure(plan); // DL4J's own validation and shape propagation, as for a network
        return plan;
    }

    /**
     * The network for {@code model} with the weights from {@code weights}, whose shapes the caller
     * has checked against {@code model} with {@link org.keras2dl4j.keras.WeightCheck}.
     */
    public static Dl4jNetwork build(InferredModel model, WeightSource weights) {
        return build(model, weights, Progress.NONE);
    }

    /** Like {@link #build(InferredModel, WeightSource)}, reporting the weights bound to {@code progress}. */
    public static Dl4jNetwork build(InferredModel model, WeightSource weights, Progress progress) {
        GraphPlan plan = GraphPlan.of(model);
        Model network;
        try {
            network = instantiate(plan);
        } catch (Keras2Dl4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsupportedFeatureException(model.config().source() + ": DL4J cannot build this network ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", e);
        }
        WeightBinder.bind(network, plan, weights, progress);
        return new Dl4jNetwork(network, ModelInfo.of(plan));
    }

    private static Object configure(GraphPlan plan) {
        try {
            Optional<MultiLayerConfiguration> multiLayer = plan.multiLayerConfiguration();
            return multiLayer.isPresent() ? multiLayer.get() : plan.graphConfiguration();
        } catch (Keras2Dl4jException e) {
            throw e;
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UnsupportedFeatureException(plan.model().config().source() + ": DL4J rejects the network planned "
                    + "for this model (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * Allocates the network's parameters without initialising them: every parameter is bound from
     * the Keras weights afterwards ({@link GraphPlan} checks that each one has a source).
     */
    static Model instantiate(GraphPlan plan) {
        long count = plan.parameterCount();
        checkMemory(plan, count);
        Object conf = configure(plan);
        if (conf instanceof MultiLayerConfiguration multiLayer) {
            MultiLayerNetwork network = new MultiLayerNetwork(multiLayer);
            network.init(parameters(count), false);
            return network;
        }
        ComputationGraph graph = new ComputationGraph((ComputationGraphConfiguration) conf);
        graph.init(parameters(count), false);
        return graph;
    }

    /** Refuses, before allocating, parameters that cannot fit the memory ND4J may use. */
    private static void checkMemory(GraphPlan plan, long count) {
        long bytes = Math.multiplyExact(count, 4L);
        long limit = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
        if (limit > 0 && bytes > limit) {
            throw new InvalidModelException(plan.model().config().source() + ": the network has " + count
                    + " parameters (" + (bytes >> 20) + " MiB of float32), more than the " + (limit >> 20)
                    + " MiB of memory ND4J may use (-Dorg.bytedeco.javacpp.maxphysicalbytes)");
        }
    }

    private static INDArray parameters(long count) {
        // DL4J takes the flattened parameters as one [1, n] row. Left uninitialised: WeightBinder
        // writes every parameter.
        return Nd4j.createUninitialized(DataType.FLOAT, 1, count);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
