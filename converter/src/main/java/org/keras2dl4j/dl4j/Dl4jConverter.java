package org.keras2dl4j.dl4j;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.Keras2Dl4jException;
import org.keras2dl4j.Progress;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.InferredLayer;
import org.keras2dl4j.keras.InferredModel;
import org.keras2dl4j.keras.ModelConfig;
import org.keras2dl4j.keras.WeightSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds DL4J networks from Keras models through DL4J's own Keras import, with the parts of it that
 * go wrong replaced: training configs are never enforced (they break on TF 2.11+ configs and add a
 * loss layer), no random initial weights are drawn for parameters about to be overwritten (drawing
 * orthogonal LSTM weights can hang in a native SVD), and every weight is bound only after
 * {@link org.keras2dl4j.keras.WeightCheck} has checked its shape.
 */
public final class Dl4jConverter {
    private Dl4jConverter() {
    }

    /** DL4J's configuration of {@code config}'s architecture; no parameters are allocated. */
    public static Dl4jArchitecture architecture(ModelConfig config) {
        Dl4jDialect.Translation translation = Dl4jDialect.translate(config);
        String json = translation.json();
        try {
            KerasModel keras;
            ComputationGraphConfiguration graph = null;
            MultiLayerConfiguration multiLayer = null;
            if (translation.sequential()) {
                KerasSequentialModel sequential = new KerasSequentialModel().modelBuilder().modelJson(json)
                        .enforceTrainingConfig(false).buildSequential();
                multiLayer = sequential.getMultiLayerConfiguration();
                keras = sequential;
            } else {
                keras = new KerasModel().modelBuilder().modelJson(json).enforceTrainingConfig(false).buildModel();
                graph = translation.finish(keras.getComputationGraphConfiguration());
            }
            List<InputType> inputTypes = new ArrayList<>();
            for (String input : keras.getInputLayerNames()) {
                inputTypes.add(keras.getLayers().get(input).getOutputType());
            }
            return new Dl4jArchitecture(graph, multiLayer, keras.getLayers(), inputTypes,
                    info(config, keras.getInputLayerNames(), inputTypes));
        } catch (UnsupportedKerasConfigurationException e) {
            throw new UnsupportedFeatureException(config.source() + ": DL4J cannot import this model: "
                    + firstLine(e.getMessage()), e);
        } catch (InvalidKerasConfigurationException | IOException e) {
            throw new InvalidModelException(config.source() + ": DL4J rejects the model config: "
                    + firstLine(e.getMessage()), e);
        } catch (Keras2Dl4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsupportedFeatureException(config.source() + ": DL4J's Keras import failed on this model ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", e);
        }
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
        Dl4jArchitecture architecture = architecture(model.config());
        checkParameterCounts(model, architecture);
        Model network;
        try {
            network = instantiate(architecture);
        } catch (RuntimeException e) {
            throw new UnsupportedFeatureException(model.config().source() + ": DL4J cannot build this network ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", e);
        }
        try {
            WeightBinder.bind(network, architecture, model, weights, progress);
        } catch (Keras2Dl4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsupportedFeatureException(weights.file().getFileName() + ": DL4J could not take the weights ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")", e);
        }
        return new Dl4jNetwork(network, architecture.info());
    }

    /**
     * Compares, layer by layer, the parameter count of DL4J's configuration with the Keras weights'.
     * DL4J's Keras import can misread a layer's input size (for example behind a Keras 1 Reshape) and
     * then configures negative parameter counts, on which allocating the network crashes the JVM in
     * native code; a count that differs would take the Keras weights in the wrong places.
     */
    static void checkParameterCounts(InferredModel model, Dl4jArchitecture architecture) {
        Map<String, Long> dl4j = new HashMap<>();
        if (architecture.isGraph()) {
            architecture.graphConfiguration().getVertices().forEach((name, v) -> dl4j.put(name, v.numParams(true)));
        } else {
            for (NeuralNetConfiguration layer : architecture.multiLayerConfiguration().getConfs()) {
                dl4j.merge(layer.getLayer().getLayerName(), layer.getLayer().initializer().numParams(layer), Long::sum);
            }
        }
        for (InferredLayer layer : model.layers()) {
            Long count = dl4j.remove(layer.layer().name());
            long keras = layer.params();
            if ((count == null && keras > 0) || (count != null && count != keras)) {
                throw new UnsupportedFeatureException(model.config().source() + ": layer '" + layer.layer().name()
                        + "' (" + layer.layer().className() + "): DL4J's Keras import configures it with "
                        + (count == null ? "no" : count) + " parameters, Keras's weights have " + keras
                        + (count != null && count < 0 ? " (DL4J misreads the layer's input size)" : ""));
            }
        }
        dl4j.forEach((name, count) -> {
            if (count < 0) {
                throw new UnsupportedFeatureException(model.config().source() + ": DL4J's Keras import configures its "
                        + "layer '" + name + "' with " + count + " parameters");
            }
        });
    }

    /**
     * Allocates the network's parameters without initialising them: DL4J's {@code init()} would
     * draw random values (and for LSTMs an orthogonal matrix through a native SVD that can hang)
     * only for the Keras weights to overwrite them.
     */
    static Model instantiate(Dl4jArchitecture architecture) {
        if (architecture.isGraph()) {
            ComputationGraphConfiguration conf = architecture.graphConfiguration();
            long count = conf.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
            ComputationGraph graph = new ComputationGraph(conf);
            graph.init(parameters(count), false);
            return graph;
        }
        MultiLayerConfiguration conf = architecture.multiLayerConfiguration();
        long count = 0;
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            count += layer.getLayer().initializer().numParams(layer);
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init(parameters(count), false);
        return network;
    }

    private static INDArray parameters(long count) {
        // DL4J takes the flattened parameters as one [1, n] row. Left uninitialised: WeightBinder
        // writes every parameter, and checks that every layer with parameters got its weights.
        return Nd4j.createUninitialized(DataType.FLOAT, 1, count);
    }

    private static ModelInfo info(ModelConfig config, List<String> inputNames, List<InputType> inputTypes) {
        List<LayerInfo> layers = config.layers().stream()
                .map(l -> new LayerInfo(l.name(), l.className(), l.trainable()))
                .toList();
        List<String> types = new ArrayList<>();
        for (InputType type : inputTypes) {
            types.add(InputTypes.toJson(type));
        }
        return new ModelInfo(config.source(), config.kerasVersion(), config.backend(), config.className(),
                config.name(), layers, inputNames, types);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
